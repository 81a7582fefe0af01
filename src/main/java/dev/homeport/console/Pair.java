package dev.homeport.console;

/** A key/value row: of a secret value, a tag, an environment variable. */
public record Pair(String key, String value) {
}
