package dev.homeport.style;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The naming rules of docs/ARCHITECTURE.md ("Names a newcomer can search for"), checked on the sources so
 * that they hold after the next change too: a handler is named after its AWS operation, and a simple class
 * name means one class.
 */
class NamingTest {

    private static final Path SOURCES = Path.of("src/main/java");
    /** {@code registry.add("GetSecretValue", GetSecretValueRequest.class, this::getSecretValue)} and the EC2 form. */
    private static final Pattern REGISTRATION =
            Pattern.compile("(?:registry\\.add|operations\\.put)\\(\"([A-Z][A-Za-z0-9]+)\",[^;]*?this::(\\w+)\\)");

    @Test
    void everyHandlerIsNamedAfterItsOperation() throws IOException {
        List<String> mismatches = new ArrayList<>();
        int handlers = 0;
        for (Path file : javaFiles()) {
            Matcher m = REGISTRATION.matcher(Files.readString(file));
            while (m.find()) {
                handlers++;
                String operation = m.group(1);
                String expected = Character.toLowerCase(operation.charAt(0)) + operation.substring(1);
                if (!m.group(2).equals(expected)) {
                    mismatches.add(file.getFileName() + ": " + operation + " -> " + m.group(2));
                }
            }
        }
        // Every service registers its operations this way; a pattern that stopped matching would pass vacuously.
        assertThat(handlers).isGreaterThanOrEqualTo(60);
        assertThat(mismatches).isEmpty();
    }

    @Test
    void noTwoClassesShareASimpleName() throws IOException {
        Map<String, List<Path>> byName = new TreeMap<>();
        for (Path file : javaFiles()) {
            String name = file.getFileName().toString();
            if (!name.equals("package-info.java")) {
                byName.computeIfAbsent(name, k -> new ArrayList<>()).add(SOURCES.relativize(file));
            }
        }
        assertThat(byName).isNotEmpty();
        assertThat(byName.entrySet().stream().filter(e -> e.getValue().size() > 1).map(Map.Entry::toString))
                .isEmpty();
    }

    private static List<Path> javaFiles() throws IOException {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
    }
}
