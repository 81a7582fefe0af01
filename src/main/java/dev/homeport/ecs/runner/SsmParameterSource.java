package dev.homeport.ecs.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homeport.protocol.sigv4.Credentials;
import dev.homeport.ssm.SsmAccess;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link ParameterValueSource} over this Homeport's Parameter Store: a GetParameters call with {@code WithDecryption}
 * through the API's protocol, as the task's execution role, so it is authorized as any caller's ({@code
 * ssm:GetParameters} on each parameter's ARN) and answers the same errors.
 *
 * <p>GetParameters answers a parameter with its bare name whether it was asked for by name or by ARN, so each
 * answer is matched to the valueFrom that asked for it by the parameter's ARN.
 */
public final class SsmParameterSource implements ParameterValueSource {
    private final AgentApi api;

    public SsmParameterSource(AgentApi api) {
        this.api = api;
    }

    @Override
    public Map<String, String> parameters(Credentials caller, String region, List<String> names) {
        ObjectNode input = JsonNodeFactory.instance.objectNode().put("WithDecryption", true);
        names.forEach(input.putArray("Names")::add);
        JsonNode answer = api.call(caller, region, "AmazonSSM.GetParameters", input);
        List<String> invalid = new ArrayList<>();
        answer.path("InvalidParameters").forEach(n -> invalid.add(n.asText()));
        if (!invalid.isEmpty()) {
            throw new InvalidParameters(invalid);
        }
        Map<String, String> byArn = new HashMap<>();
        answer.path("Parameters").forEach(p -> byArn.put(p.path("ARN").asText(), p.path("Value").asText()));
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : names) {
            String value = byArn.get(arnOf(name, region, caller.accountId()));
            if (value == null) {
                throw new InvalidParameters(List.of(name));
            }
            out.put(name, value);
        }
        return out;
    }

    /**
     * The ARN a valueFrom names: itself when it is one; for a name, the parameter in the region and account asked,
     * {@code parameter/} followed by the name without its leading slash (as SSM writes parameter ARNs).
     */
    static String arnOf(String name, String region, String account) {
        return name.startsWith("arn:") ? name : SsmAccess.arn(region, account, name);
    }
}
