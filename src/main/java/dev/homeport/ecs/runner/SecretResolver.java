package dev.homeport.ecs.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.homeport.common.Arn;
import dev.homeport.ecs.ValueFrom;
import dev.homeport.ecs.model.ContainerDefinition;
import dev.homeport.ecs.model.ContainerSecret;
import dev.homeport.protocol.AwsServiceException;
import dev.homeport.protocol.sigv4.Credentials;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the {@code secrets} of a task's containers into environment values at task start, as the ECS
 * agent's {@code asmsecret} and {@code ssmsecret} resources do: every Secrets Manager secret is fetched (each
 * distinct secret version once) and a JSON key extracted when one is given; SSM parameters are fetched with
 * GetParameters, decrypted, by region (an ARN's, otherwise the task's) in calls of up to 10 names. Any failure
 * fails the whole task with ECS's ResourceInitializationError reason. Values live only in the returned map, in
 * memory; they are never logged and never stored.
 */
public final class SecretResolver {
    static final String PREFIX = "ResourceInitializationError: unable to pull secrets or registry auth: "
            + "execution resource retrieval failed: ";
    static final String ASM = PREFIX + "unable to retrieve secret from asm: service call has been retried 1 time(s): ";
    static final String SSM = PREFIX + "unable to retrieve secrets from ssm: service call has been retried 1 time(s): ";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** GetParameters takes at most 10 names; the agent batches its calls so (ssmsecret's MaxBatchNum). */
    static final int SSM_BATCH = 10;

    private final SecretValueSource source;
    private final ParameterValueSource parameters;

    public SecretResolver(SecretValueSource source, ParameterValueSource parameters) {
        this.source = source;
        this.parameters = parameters;
    }

    /**
     * The secret environment variables of each container, by container name (containers without
     * secrets are absent). A container's {@code logConfiguration.secretOptions} are read with its secrets, as the
     * agent reads them (a missing or denied one fails the task alike), but are not returned: they would configure the
     * log driver, and Homeport's one shipping driver, {@code awslogs}, takes no secret options.
     *
     * @param executionRole the task's execution role session: secrets are read as that role, so its policies and the
     *                      secret's resource policy decide, as they decide for any caller (a region in the ARN is
     *                      honoured: ECS reads secrets of other regions by full ARN)
     * @param taskRegion    the region of an SSM parameter named without an ARN
     * @throws SecretResolutionException with the task's stoppedReason when any secret can't be resolved
     */
    public Map<String, Map<String, String>> resolve(Credentials executionRole, String taskRegion,
                                                    List<ContainerDefinition> containers) {
        List<String> asmErrors = new ArrayList<>();
        // The SSM secrets, filled in once the parameters are read.
        List<Wanted> ssmWanted = new ArrayList<>();
        Map<String, String> fetched = new HashMap<>();
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (ContainerDefinition c : containers) {
            List<Wanted> wanted = new ArrayList<>();
            (c.secrets() == null ? List.<ContainerSecret>of() : c.secrets())
                    .forEach(s -> wanted.add(new Wanted(c.name(), s, true)));
            c.logSecretOptions().forEach(s -> wanted.add(new Wanted(c.name(), s, false)));
            for (Wanted w : wanted) {
                if (w.secret() == null || w.secret().valueFrom() == null) {
                    continue;
                }
                switch (ValueFrom.parse(w.secret().valueFrom())) {
                    case ValueFrom.SsmParameter p -> ssmWanted.add(w);
                    case ValueFrom.Invalid i -> asmErrors.add("trying to retrieve secret with value " + i.raw()
                            + " resulted in error: " + ValueFrom.Invalid.MESSAGE);
                    case ValueFrom.SecretsManager sm -> {
                        try {
                            w.deliver(out, extract(sm, fetch(executionRole, sm, fetched)));
                        } catch (ResolutionFailure f) {
                            asmErrors.add(f.getMessage());
                        }
                    }
                }
            }
        }
        if (!asmErrors.isEmpty()) {
            throw new SecretResolutionException(ASM + String.join(";", asmErrors));
        }
        if (!ssmWanted.isEmpty()) {
            Map<String, String> values = fetchParameters(executionRole, taskRegion, ssmWanted);
            for (Wanted w : ssmWanted) {
                String valueFrom = w.secret().valueFrom();
                w.deliver(out, values.get(regionOf(valueFrom, taskRegion) + '\0' + valueFrom));
            }
        }
        return out;
    }

    /** A secret of a container: an environment variable's, or a log driver option's. */
    private record Wanted(String container, ContainerSecret secret, boolean environment) {
        /** Puts an environment variable's value in the answer; a log driver option's goes nowhere (see resolve). */
        void deliver(Map<String, Map<String, String>> out, String value) {
            if (environment) {
                out.computeIfAbsent(container, k -> new LinkedHashMap<>()).put(secret.name(), value);
            }
        }
    }

    /** Every parameter wanted, read once, keyed by region and valueFrom; the first failure fails them all. */
    private Map<String, String> fetchParameters(Credentials executionRole, String taskRegion, List<Wanted> wanted) {
        Map<String, java.util.Set<String>> byRegion = new LinkedHashMap<>();
        wanted.forEach(w -> byRegion.computeIfAbsent(regionOf(w.secret().valueFrom(), taskRegion),
                r -> new java.util.LinkedHashSet<>()).add(w.secret().valueFrom()));
        Map<String, String> values = new HashMap<>();
        byRegion.forEach((region, names) -> {
            List<String> all = List.copyOf(names);
            for (int from = 0; from < all.size(); from += SSM_BATCH) {
                List<String> batch = all.subList(from, Math.min(all.size(), from + SSM_BATCH));
                try {
                    parameters.parameters(executionRole, region, batch)
                            .forEach((name, value) -> values.put(region + '\0' + name, value));
                } catch (ParameterValueSource.InvalidParameters e) {
                    throw new SecretResolutionException(SSM + e.getMessage());
                } catch (AwsServiceException e) {
                    throw new SecretResolutionException(SSM + e.errorType() + ": " + e.getMessage());
                }
            }
        });
        return values;
    }

    /** An SSM valueFrom's region: an ARN's own, else the task's (the agent reads other regions' by full ARN). */
    private static String regionOf(String valueFrom, String taskRegion) {
        return Arn.parse(valueFrom).map(Arn::region).filter(r -> !r.isEmpty()).orElse(taskRegion);
    }

    private String fetch(Credentials executionRole, ValueFrom.SecretsManager sm, Map<String, String> fetched) {
        String key = sm.accountId() + '\0' + sm.region() + '\0' + sm.secretId() + '\0' + sm.versionStage() + '\0'
                + sm.versionId();
        if (fetched.containsKey(key)) {
            return fetched.get(key);
        }
        String value;
        try {
            value = source.secretString(executionRole, sm.region(), sm.secretId(), sm.versionStage(), sm.versionId());
        } catch (AwsServiceException e) {
            throw new ResolutionFailure("failed to fetch secret " + sm.secretId() + " from secrets manager: "
                    + e.errorType() + ": " + e.getMessage());
        }
        value = value == null ? "" : value;
        fetched.put(key, value);
        return value;
    }

    private static String extract(ValueFrom.SecretsManager sm, String secretString) {
        if (sm.jsonKey() == null) {
            return secretString;
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(secretString);
        } catch (IOException e) {
            tree = null;
        }
        if (tree == null || !tree.isObject()) {
            // Go's decoder would quote the offending character; we don't, as it belongs to the secret.
            throw new ResolutionFailure("retrieved secret from Secrets Manager is not a JSON object, so json key "
                    + sm.jsonKey() + " cannot be read");
        }
        JsonNode v = tree.get(sm.jsonKey());
        if (v == null) {
            throw new ResolutionFailure("retrieved secret from Secrets Manager did not contain json key " + sm.jsonKey());
        }
        if (v.isTextual()) {
            return v.textValue();
        }
        if (v.isNull()) {
            return "";
        }
        return v.isContainerNode() ? v.toString() : v.asText();
    }

    private static final class ResolutionFailure extends RuntimeException {
        ResolutionFailure(String message) {
            super(message, null, false, false);
        }
    }
}
