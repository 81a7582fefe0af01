package dev.homeport.ssm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.homeport.crypto.SecretBarrier;
import dev.homeport.protocol.Json;
import dev.homeport.protocol.OperationRegistry;
import dev.homeport.protocol.ServiceModule;

/**
 * AWS Systems Manager Parameter Store ({@code X-Amz-Target: AmazonSSM.*}, signing name {@code ssm}, JSON 1.1 with
 * PascalCase members, errors' message in {@code message}): parameters, their versions, labels and tags.
 */
public final class SsmModule implements ServiceModule {
    private static final ObjectMapper MAPPER = Json.mapper(PropertyNamingStrategies.UPPER_CAMEL_CASE);

    private final ParameterOperations parameters;
    private final ParameterQueryOperations queries;
    private final SsmTagOperations tags;

    /**
     * @param secrets reads a Secrets Manager secret as the caller, for {@code /aws/reference/secretsmanager/} names
     */
    public SsmModule(SsmStore store, SecretBarrier barrier, SecretReferences.SecretReader secrets) {
        this.parameters = new ParameterOperations(store, barrier, new SecretReferences(secrets));
        this.queries = new ParameterQueryOperations(store, parameters);
        this.tags = new SsmTagOperations(store);
    }

    @Override
    public String targetPrefix() {
        return "AmazonSSM";
    }

    @Override
    public String signingName() {
        return "ssm";
    }

    @Override
    public ObjectMapper mapper() {
        return MAPPER;
    }

    @Override
    public void register(OperationRegistry registry) {
        parameters.register(registry);
        queries.register(registry);
        tags.register(registry);
    }
}
