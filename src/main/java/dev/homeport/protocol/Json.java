package dev.homeport.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategy;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/** Jackson configured the way AWS JSON 1.1 services read and write. */
public final class Json {
    private Json() {
    }

    /**
     * A mapper for one service's naming. AWS's deserializer is strict about types (a number where a
     * string belongs is a {@code SerializationException}) but ignores members it does not know,
     * so old servers accept requests from newer SDKs.
     *
     * <p>A {@code null} element of a list or value of a map fails too ({@link InvalidNullException}):
     * no list or map of Secrets Manager, ECS or CloudWatch Logs is {@code @sparse}, and Smithy's
     * malformed-request protocol tests answer a null in a dense list or map with a 400
     * {@code SerializationException} (RestJsonBodyMalformedListNullItem, ...MapNullValue). Refusing it
     * while binding keeps every operation from meeting a null it never checks for (DescribeTasks with
     * {@code "tasks": [null]} answered 500).
     */
    public static ObjectMapper mapper(PropertyNamingStrategy naming) {
        JsonMapper mapper = JsonMapper.builder()
                .propertyNamingStrategy(naming)
                .defaultSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL))
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .addModule(new SimpleModule("aws-timestamps")
                        .addSerializer(Instant.class, new EpochSecondsSerializer())
                        .addDeserializer(Instant.class, new EpochSecondsDeserializer()))
                .build();
        // A string member given a number, boolean or object is a type error on AWS, not a conversion.
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Integer)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Boolean)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Collection)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        return mapper;
    }

    /**
     * The {@code SerializationException} for a member that could not be bound: a null element, or a
     * value of the wrong type. It names the member ({@code tasks[0]}), never the value, and stops at a
     * map, whose keys are the caller's data too.
     */
    public static AwsServiceException unreadable(MismatchedInputException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFrom() instanceof Map<?, ?>) {
                break;
            }
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        if (e instanceof InvalidNullException) {
            return ProtocolErrors.nullElement(path.toString());
        }
        return ProtocolErrors.unexpectedType(path.toString());
    }

    /** AWS JSON protocols write timestamps as epoch seconds, with a fraction for milliseconds. */
    /**
     * An instant as AWS's JSON protocols write timestamps: epoch seconds, with milliseconds as a fraction without
     * trailing zeros ({@code 1700000000}, {@code 1700000000.5}, {@code 1700000000.123}); never negative. Written by
     * hand: every answer with a date went through a BigDecimal per timestamp.
     */
    static String epochSeconds(Instant value) {
        long millis = Math.max(0, value.toEpochMilli());
        long seconds = millis / 1000;
        int fraction = (int) (millis % 1000);
        if (fraction == 0) {
            return Long.toString(seconds);
        }
        StringBuilder text = new StringBuilder(24).append(seconds).append('.');
        text.append((char) ('0' + fraction / 100));
        if (fraction % 100 != 0) {
            text.append((char) ('0' + fraction / 10 % 10));
            if (fraction % 10 != 0) {
                text.append((char) ('0' + fraction % 10));
            }
        }
        return text.toString();
    }

    static final class EpochSecondsSerializer extends JsonSerializer<Instant> {
        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeNumber(epochSeconds(value));
        }
    }

    static final class EpochSecondsDeserializer extends JsonDeserializer<Instant> {
        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken token = p.currentToken();
            if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
                BigDecimal seconds = p.getDecimalValue();
                return Instant.ofEpochMilli(seconds.movePointRight(3).longValue());
            }
            return (Instant) ctxt.handleUnexpectedToken(Instant.class, p);
        }
    }
}
