package dev.homeport.ssm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homeport.protocol.AwsServiceException;
import dev.homeport.protocol.RequestContext;
import dev.homeport.ssm.SsmShapes.Parameter;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * Secrets Manager secrets through Parameter Store, as AWS offers them to services that read parameters (ECS, Lambda,
 * CodeBuild): GetParameter and GetParameters of {@code /aws/reference/secretsmanager/<secret-id>}, optionally with
 * {@code :<staging label>} or {@code :<version id>}, answer the secret's value as a SecureString. The secret is read
 * with GetSecretValue as the caller, so Secrets Manager's authorization decides too (the caller needs
 * {@code ssm:GetParameter(s)} on the reference and {@code secretsmanager:GetSecretValue} on the secret), and
 * {@code WithDecryption} is required. The answers and error texts follow AWS's, as recorded by others against it.
 */
final class SecretReferences {
    static final String PREFIX = "/aws/reference/secretsmanager/";
    /** A Secrets Manager version id: 32 to 64 letters, digits and hyphens (a UUID in practice). */
    private static final Pattern VERSION_ID = Pattern.compile("[A-Za-z0-9-]{32,64}");

    /** Reads a secret version as the caller: GetSecretValue's answer, or its error. */
    @FunctionalInterface
    public interface SecretReader {
        JsonNode getSecretValue(RequestContext caller, ObjectNode input);
    }

    private final SecretReader reader;

    SecretReferences(SecretReader reader) {
        this.reader = reader;
    }

    static boolean isReference(String name) {
        return name != null && name.startsWith(PREFIX);
    }

    /**
     * The parameter a reference stands for.
     *
     * @throws AwsServiceException ValidationException for a malformed selector (first) or without decryption,
     *                             ParameterNotFound for a secret or version Secrets Manager does not have
     */
    Parameter get(RequestContext ctx, String reference, boolean decrypt) {
        String rest = reference.substring(PREFIX.length());
        int colon = rest.indexOf(':');
        if (colon >= 0 && (colon == rest.length() - 1 || rest.indexOf(':', colon + 1) >= 0)) {
            throw SsmErrors.validation("Invalid parameter name. Please use correct syntax for referencing a "
                    + "version/label  <name>:<version/label>");
        }
        if (!decrypt) {
            throw SsmErrors.validation("WithDecryption flag must be True for retrieving a Secret Manager secret.");
        }
        String secretId = colon < 0 ? rest : rest.substring(0, colon);
        String selector = colon < 0 ? null : rest.substring(colon + 1);
        ObjectNode input = JsonNodeFactory.instance.objectNode().put("SecretId", secretId);
        if (selector != null) {
            input.put(VERSION_ID.matcher(selector).matches() ? "VersionId" : "VersionStage", selector);
        }
        JsonNode secret;
        try {
            secret = reader.getSecretValue(ctx, input);
        } catch (AwsServiceException e) {
            throw switch (e.errorType()) {
                case "ResourceNotFoundException" -> SsmErrors.referencedSecretNotFound(PREFIX.substring(1) + secretId
                        + (selector == null ? "null" : ":" + selector));
                case "InvalidRequestException" -> SsmErrors.validation("Invalid Request to Secrets Manager");
                default -> e;
            };
        }
        Instant created = secret.hasNonNull("CreatedDate")
                ? instant(secret.get("CreatedDate").decimalValue()) : null;
        ObjectNode source = JsonNodeFactory.instance.objectNode();
        source.put("ARN", secret.path("ARN").asText());
        source.put("name", secret.path("Name").asText());
        source.put("versionId", secret.path("VersionId").asText());
        if (secret.hasNonNull("SecretString")) {
            source.put("secretString", secret.get("SecretString").asText());
        }
        source.set("versionStages", secret.path("VersionStages"));
        if (created != null) {
            source.put("createdDate", created.toString());
        }
        return new Parameter(PREFIX + secretId, "SecureString",
                secret.hasNonNull("SecretString") ? secret.get("SecretString").asText() : null, 0L,
                selector == null ? null : ":" + selector, source.toString(), created, secret.path("ARN").asText(),
                null);
    }

    private static Instant instant(BigDecimal epochSeconds) {
        return Instant.ofEpochMilli(epochSeconds.movePointRight(3).longValue());
    }
}
