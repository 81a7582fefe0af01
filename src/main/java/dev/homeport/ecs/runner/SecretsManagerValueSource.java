package dev.homeport.ecs.runner;

import dev.homeport.protocol.RequestContext;
import dev.homeport.secretsmanager.SecretsManagerModule;

import java.time.Clock;
import java.util.UUID;

/**
 * {@link SecretValueSource} over this Homeport's own Secrets Manager: the same lookup and errors as
 * GetSecretValue, called in-process as the task's execution role would call it.
 */
public final class SecretsManagerValueSource implements SecretValueSource {
    /** The principal recorded for reads made on behalf of a task's execution role. */
    static final String EXECUTION_ROLE_KEY = "ecs-task-execution";

    private final SecretsManagerModule secretsManager;
    private final Clock clock;

    public SecretsManagerValueSource(SecretsManagerModule secretsManager, Clock clock) {
        this.secretsManager = secretsManager;
        this.clock = clock;
    }

    @Override
    public String secretString(String accountId, String region, String secretId, String versionStage,
                               String versionId) {
        RequestContext ctx = new RequestContext(UUID.randomUUID().toString(), accountId, region, EXECUTION_ROLE_KEY,
                "GetSecretValue", clock.instant());
        // A version holding a SecretBinary has no SecretString: ECS injects SecretString only.
        return secretsManager.readSecretString(ctx, secretId, versionStage, versionId).orElse(null);
    }
}
