package dev.homeport.secretsmanager;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.homeport.protocol.Json;
import dev.homeport.protocol.OperationRegistry;
import dev.homeport.protocol.ServiceModule;


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
    private final SecretAccess access;

    public SecretsManagerModule(SecretRepository repository, SecretValueCodec codec) {
        SecretLookup lookup = new SecretLookup(repository);
        Versions versions = new Versions(repository, codec);
        this.replication = new ReplicationOperations(lookup, versions);
        this.secrets = new SecretOperations(lookup, versions, replication);
        this.access = new SecretAccess(lookup);
        this.values = new ValueOperations(lookup, versions, replication, access);
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
        secrets.register(registry, access);
        values.register(registry, access);
        metadata.register(registry, access);
        rotation.register(registry, access);
        replication.register(registry, access);
        password.register(registry, access);
    }
}
