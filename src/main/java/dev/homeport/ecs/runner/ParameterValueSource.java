package dev.homeport.ecs.runner;

import dev.homeport.protocol.sigv4.Credentials;

import java.util.List;
import java.util.Map;

/**
 * Where ECS reads SSM Parameter Store parameters at task start: GetParameters with decryption, seen from the task's
 * execution role, as the agent's {@code ssmsecret} resource calls it (up to 10 names a call, one region a call).
 * Implemented by an adapter over Homeport's Parameter Store.
 *
 * <p>Thread-safe. Called from supervisor threads, never with a lock held.
 */
@FunctionalInterface
public interface ParameterValueSource {
    /**
     * The values of up to 10 parameters of one region.
     *
     * @param caller the task's execution role session
     * @param region the parameters' region: an ARN's, otherwise the task's
     * @param names  each a name, a path name or an ARN, as written in the valueFrom
     * @return the value of each name given (SecureStrings decrypted)
     * @throws InvalidParameters naming the ones that do not exist (GetParameters' InvalidParameters)
     * @throws dev.homeport.protocol.AwsServiceException the error GetParameters answered (AccessDeniedException ...)
     */
    Map<String, String> parameters(Credentials caller, String region, List<String> names);

    /** GetParameters answered some names as InvalidParameters: they do not exist (or are not the caller's). */
    final class InvalidParameters extends RuntimeException {
        private final List<String> names;

        public InvalidParameters(List<String> names) {
            super("invalid parameters: " + String.join(",", names), null, false, false);
            this.names = List.copyOf(names);
        }

        public List<String> names() {
            return names;
        }
    }
}
