package dev.homeport.ecs.runner;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homeport.protocol.sigv4.Credentials;

/**
 * The AWS API as the ECS agent calls it while it starts a task: Homeport's own services, called in-process as the
 * task's execution role, so each call is authorized at the same edge as a client's and answers the same errors.
 *
 * <p>Thread-safe. Called from task threads, never with a lock held.
 */
@FunctionalInterface
public interface AgentApi {
    /**
     * @param target {@code <target prefix>.<operation>}, as in {@code X-Amz-Target}
     * @return the operation's answer
     * @throws dev.homeport.protocol.AwsServiceException the operation's error, with its type and message
     */
    JsonNode call(Credentials caller, String region, String target, JsonNode input);
}
