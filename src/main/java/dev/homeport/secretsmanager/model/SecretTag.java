package dev.homeport.secretsmanager.model;

import java.util.Objects;

/** A resource tag. AWS keeps tags in the order they were added and a key at most once per secret. */
public record SecretTag(String key, String value) {
    public SecretTag {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value"); // AWS accepts "" but never a missing value
    }
}
