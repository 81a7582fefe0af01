package dev.homeport.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homeport.protocol.AwsJsonProtocol;
import dev.homeport.protocol.AwsServiceException;

import java.util.function.Supplier;

/**
 * The AWS API as the signed-in user sees it: every console action is one (or a few) of the same
 * operation calls a signed request would make, with the same validation and the same errors.
 * Inputs and outputs are the wire JSON, so pages read exactly what the CLI would print.
 */
public final class ConsoleApi {
    static final String SECRETS = "secretsmanager";
    static final String ECS = "AmazonEC2ContainerServiceV20141113";
    static final String LOGS = "Logs_20140328";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Supplier<AwsJsonProtocol> protocol;
    private final ConsoleSession session;

    ConsoleApi(Supplier<AwsJsonProtocol> protocol, ConsoleSession session) {
        this.protocol = protocol;
        this.session = session;
    }

    /** An empty request body to fill in. */
    public static ObjectNode input() {
        return JSON.createObjectNode();
    }

    public JsonNode secrets(String operation, JsonNode input) throws AwsServiceException {
        return call(SECRETS, operation, input);
    }

    public JsonNode ecs(String operation, JsonNode input) throws AwsServiceException {
        return call(ECS, operation, input);
    }

    public JsonNode logs(String operation, JsonNode input) throws AwsServiceException {
        return call(LOGS, operation, input);
    }

    private JsonNode call(String prefix, String operation, JsonNode input) {
        return protocol.get().call(session.principal(), session.region(), prefix + "." + operation, input);
    }

    public String accountId() {
        return session.principal().accountId();
    }

    public String region() {
        return session.region();
    }
}
