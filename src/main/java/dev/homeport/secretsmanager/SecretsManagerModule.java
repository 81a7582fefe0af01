package dev.homeport.secretsmanager;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.homeport.protocol.Json;
import dev.homeport.protocol.OperationRegistry;
import dev.homeport.protocol.RequestContext;
import dev.homeport.protocol.ServiceModule;
import dev.homeport.secretsmanager.model.ValueKind;

import java.util.Optional;

/**
 * AWS Secrets Manager ({@code X-Amz-Target: secretsmanager.*}). Wires the operation groups to
 * one repository and one value codec.
 */
public final class SecretsManagerModule implements ServiceModule {
    private static final ObjectMapper MAPPER = Json.mapper(PropertyNamingStrategies.UPPER_CAMEL_CASE);

    private final SecretOperations secrets;
    private final ValueOperations values;
    private final MetadataOperations metadata;
    private final RotationOperations rotation;
    private final ReplicationOperations replication;
    private final PasswordOperation password = new PasswordOperation();

    public SecretsManagerModule(SecretRepository repository, SecretValueCodec codec) {
        SecretLookup lookup = new SecretLookup(repository);
        Versions versions = new Versions(repository, codec);
        this.replication = new ReplicationOperations(lookup, versions);
        this.secrets = new SecretOperations(lookup, versions, replication);
        this.values = new ValueOperations(lookup, versions, replication);
        this.metadata = new MetadataOperations(lookup);
        this.rotation = new RotationOperations(lookup);
    }

    @Override
    public String targetPrefix() {
        return "secretsmanager";
    }

    @Override
    public String signingName() {
        return "secretsmanager";
    }

    @Override
    public ObjectMapper mapper() {
        return MAPPER;
    }

    /** Secrets Manager spells the member {@code Message}, as recorded from the real service. */
    @Override
    public String errorMessageMember() {
        return "Message";
    }

    @Override
    public void register(OperationRegistry registry) {
        secrets.register(registry);
        values.register(registry);
        metadata.register(registry);
        rotation.register(registry);
        replication.register(registry);
        password.register(registry);
    }

    /**
     * Reads a SecretString as GetSecretValue would, for other services (ECS secret injection):
     * same lookup, same errors, same access bookkeeping.
     *
     * @return the SecretString; empty when the version holds a SecretBinary instead
     * @throws dev.homeport.protocol.AwsServiceException with Secrets Manager's error, on failure
     */
    public Optional<String> readSecretString(RequestContext ctx, String secretId, String versionStage,
                                             String versionId) {
        SecretValue value = values.read(ctx, secretId, versionId, versionStage).value();
        return value.kind() == ValueKind.STRING ? Optional.of(value.asString()) : Optional.empty();
    }

    /** Resolves a SecretId to the secret's full ARN, for messages that must name it. */
    public String arnOf(RequestContext ctx, String secretId) {
        return new SecretLookup(values.repository()).find(ctx, secretId).arn();
    }
}
