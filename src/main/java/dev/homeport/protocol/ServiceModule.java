package dev.homeport.protocol;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One AWS service speaking JSON 1.1: its {@code X-Amz-Target} prefix, how its members are named on
 * the wire, and its operations.
 */
public interface ServiceModule {
    /** The target prefix, such as {@code secretsmanager} or {@code AmazonEC2ContainerServiceV20141113}. */
    String targetPrefix();

    /** The SigV4 signing name, such as {@code secretsmanager}, {@code ecs} or {@code logs}. */
    String signingName();

    /**
     * The mapper for this service's wire format. Secrets Manager names members in PascalCase, ECS
     * in camelCase; {@link Json#mapper} builds both with the same strictness rules.
     */
    ObjectMapper mapper();

    /**
     * The member that carries an error's message. Secrets Manager answers {@code Message}, most
     * other JSON services {@code message}; SDKs accept both, but the CLI prints what it gets.
     */
    default String errorMessageMember() {
        return "message";
    }

    /**
     * The largest request body this service accepts, when it differs from the protocol's default
     * (1 MiB). CloudWatch Logs takes 1 MiB of log messages in one PutLogEvents, plus the JSON around them.
     */
    default java.util.OptionalLong maxRequestBytes() {
        return java.util.OptionalLong.empty();
    }

    /**
     * The answer to a request the authorizer refused: {@code AccessDeniedException} with IAM's message, as every JSON
     * service answers, unless the service words a refusal of its own (CloudWatch Logs' tagged CreateLogGroup).
     */
    default AwsServiceException accessDenied(RequestContext ctx, Authorizer.Denial denial) {
        return ProtocolErrors.accessDenied(denial);
    }

    void register(OperationRegistry registry);
}
