package dev.homeport.protocol;

import java.util.List;
import java.util.Optional;

/**
 * The one authorization point: asked by the protocols, once per request, after the signature and the input were
 * read and before the operation runs (DESIGN §2). Implementations are thread-safe and answer from memory.
 */
public interface Authorizer {
    /** The first of {@code accesses} the request's principal is not allowed, or empty when it may do them all. */
    Optional<Denial> check(RequestContext ctx, List<Access> accesses);

    /**
     * Why a request was refused, in AWS's words: {@code User: <arn> is not authorized to perform: <action> on
     * resource: <resource> because no identity-based policy allows the <action> action} (or another reason).
     *
     * @param reason the end of the sentence, such as {@code because no identity-based policy allows the
     *               secretsmanager:GetSecretValue action} or {@code with an explicit deny in a resource-based policy}
     */
    record Denial(String principalArn, String action, String resource, String reason) {
        public String message() {
            return "User: " + principalArn + " is not authorized to perform: " + action + " on resource: " + resource
                    + " " + reason;
        }
    }
}
