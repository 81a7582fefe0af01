package dev.homeport.ecs.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homeport.protocol.sigv4.Credentials;

/**
 * {@link SecretValueSource} over this Homeport's own Secrets Manager: a GetSecretValue call through the API's
 * protocol, as the task's execution role, so it is authorized at the same edge as a client's (the role's policies,
 * and for another account's secret that secret's resource policy) and answers the same errors.
 */
public final class SecretsManagerValueSource implements SecretValueSource {
    private final AgentApi api;

    public SecretsManagerValueSource(AgentApi api) {
        this.api = api;
    }

    @Override
    public String secretString(Credentials caller, String region, String secretId, String versionStage,
                               String versionId) {
        ObjectNode input = JsonNodeFactory.instance.objectNode().put("SecretId", secretId);
        if (versionStage != null) {
            input.put("VersionStage", versionStage);
        }
        if (versionId != null) {
            input.put("VersionId", versionId);
        }
        JsonNode answer = api.call(caller, region, "secretsmanager.GetSecretValue", input);
        // A version holding a SecretBinary has no SecretString: ECS injects SecretString only.
        JsonNode value = answer.get("SecretString");
        return value == null || value.isNull() ? null : value.asText();
    }
}
