package dev.homeport.ecs.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.homeport.protocol.Json;

import java.io.IOException;
import java.io.UncheckedIOException;

/** The ECS wire mapper (camelCase members), also used for the documents the store keeps. */
public final class EcsJson {
    public static final ObjectMapper MAPPER = Json.mapper(PropertyNamingStrategies.LOWER_CAMEL_CASE);

    private EcsJson() {
    }

    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static <T> T read(byte[] bytes, Class<T> type) {
        try {
            return MAPPER.readValue(bytes, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
