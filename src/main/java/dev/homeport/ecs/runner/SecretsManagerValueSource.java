package dev.homeport.ecs.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homeport.protocol.AwsJsonProtocol;
import dev.homeport.protocol.Principal;
import dev.homeport.protocol.sigv4.Credentials;

import java.util.concurrent.CompletableFuture;

/**
 * {@link SecretValueSource} over this Homeport's own Secrets Manager: a GetSecretValue call through the API's
 * protocol, so it is authorized at the same edge as a client's (a {@code valueFrom} naming another account's
 * secret needs that secret's resource policy to grant the task's account) and answers the same errors.
 *
 * <p>The caller is the task account's root user until tasks have an execution role of their own.
 */
public final class SecretsManagerValueSource implements SecretValueSource {
    static final String EXECUTION_ROLE_KEY = "ecs-task-execution";

    private final CompletableFuture<AwsJsonProtocol> api;

    /** @param api the API, which is wired after the task runtime starts; a read waits for it */
    public SecretsManagerValueSource(CompletableFuture<AwsJsonProtocol> api) {
        this.api = api;
    }

    @Override
    public String secretString(String accountId, String region, String secretId, String versionStage,
                               String versionId) {
        ObjectNode input = JsonNodeFactory.instance.objectNode().put("SecretId", secretId);
        if (versionStage != null) {
            input.put("VersionStage", versionStage);
        }
        if (versionId != null) {
            input.put("VersionId", versionId);
        }
        Credentials caller = new Credentials(EXECUTION_ROLE_KEY, "", Principal.root(accountId));
        JsonNode answer = api.join().call(caller, region, "secretsmanager.GetSecretValue", input, null);
        // A version holding a SecretBinary has no SecretString: ECS injects SecretString only.
        JsonNode value = answer.get("SecretString");
        return value == null || value.isNull() ? null : value.asText();
    }
}
