package dev.homeport.iam;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The AWS managed policies Homeport knows ({@code arn:aws:iam::aws:policy/...}): those ECS and Secrets Manager users
 * attach. Each is AWS's document, read from {@code iam/aws-managed/<name>.json}; of {@code ReadOnlyAccess}, whose
 * document lists every AWS service, only the statements on services Homeport serves (see COMPATIBILITY.md).
 */
public final class ManagedPolicies {
    /** Name → path, as AWS files them. */
    private static final Map<String, String> PATHS = new LinkedHashMap<>();

    static {
        PATHS.put("AdministratorAccess", "/");
        PATHS.put("ReadOnlyAccess", "/");
        PATHS.put("SecretsManagerReadWrite", "/");
        PATHS.put("CloudWatchLogsFullAccess", "/");
        PATHS.put("AmazonEC2ContainerRegistryReadOnly", "/");
        PATHS.put("AmazonECSTaskExecutionRolePolicy", "/service-role/");
    }

    private final Map<String, ManagedPolicy> byArn = new LinkedHashMap<>();

    public ManagedPolicies() {
        Instant created = Instant.parse("2015-02-06T18:39:46Z");
        int n = 0;
        for (Map.Entry<String, String> e : PATHS.entrySet()) {
            String name = e.getKey();
            ManagedPolicy policy = new ManagedPolicy(ManagedPolicy.AWS, name, e.getValue(),
                    String.format("ANPAHOMEPORTAWS%05d", ++n), created, created, null, "v1",
                    List.of(new ManagedPolicy.Version("v1", read(name), created)), Map.of());
            byArn.put(policy.arn(), policy);
        }
    }

    public Optional<ManagedPolicy> find(String arn) {
        return Optional.ofNullable(byArn.get(arn));
    }

    public List<ManagedPolicy> all() {
        return List.copyOf(byArn.values());
    }

    private static String read(String name) {
        String resource = "iam/aws-managed/" + name + ".json";
        try (InputStream in = ManagedPolicies.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
