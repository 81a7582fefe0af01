package dev.homeport.protocol.sigv4;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The access keys Homeport accepts. Thread-safe and immutable once loaded.
 *
 * <p>The file uses the AWS shared-credentials layout so users can copy a profile:
 * <pre>
 * [dev]
 * aws_access_key_id = test
 * aws_secret_access_key = test
 * account_id = 000000000000
 * </pre>
 */
public final class CredentialStore implements KeyDirectory {
    public static final Credentials DEVELOPMENT = new Credentials("test", "test", "000000000000");

    private final Map<String, Credentials> byAccessKey;

    public CredentialStore(List<Credentials> credentials) {
        Map<String, Credentials> map = new LinkedHashMap<>();
        for (Credentials c : credentials) {
            map.put(c.accessKeyId(), c);
        }
        this.byAccessKey = Map.copyOf(map);
    }

    /** Only the development key {@code test}/{@code test}, account {@code 000000000000}. */
    public static CredentialStore development() {
        return new CredentialStore(List.of(DEVELOPMENT));
    }

    /** The key with this id, or empty when there is none. */
    @Override
    public Optional<Credentials> find(String accessKeyId) {
        return Optional.ofNullable(byAccessKey.get(accessKeyId));
    }

    public List<Credentials> all() {
        return List.copyOf(byAccessKey.values());
    }

    public static CredentialStore load(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        java.util.ArrayList<Credentials> result = new java.util.ArrayList<>();
        Map<String, String> section = null;
        String sectionName = null;
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                addSection(result, sectionName, section, file);
                sectionName = line.substring(1, line.length() - 1).strip();
                section = new LinkedHashMap<>();
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0 || section == null) {
                throw new IOException(file + ": expected 'key = value' inside a [section]: " + line);
            }
            section.put(line.substring(0, eq).strip().toLowerCase(), line.substring(eq + 1).strip());
        }
        addSection(result, sectionName, section, file);
        if (result.isEmpty()) {
            throw new IOException(file + ": no credentials found");
        }
        return new CredentialStore(result);
    }

    private static void addSection(List<Credentials> out, String name, Map<String, String> section, Path file)
            throws IOException {
        if (section == null) {
            return;
        }
        String id = section.get("aws_access_key_id");
        String secret = section.get("aws_secret_access_key");
        String account = section.getOrDefault("account_id", DEVELOPMENT.accountId());
        if (id == null || secret == null) {
            throw new IOException(file + ": section [" + name + "] needs aws_access_key_id and aws_secret_access_key");
        }
        if (!account.matches("\\d{12}")) {
            throw new IOException(file + ": section [" + name + "] account_id must be 12 digits");
        }
        out.add(new Credentials(id, secret, account));
    }
}
