package dev.homeport.protocol;

import java.util.List;
import java.util.function.Supplier;

/**
 * Where the protocols report every authenticated API call, once it is answered (CloudTrail's management events). A
 * hook at the edge, like authorization: services know nothing of it. Implementations must return at once (the call's
 * answer waits for them) and must never keep a secret value.
 */
@FunctionalInterface
public interface AuditTrail {
    void record(Call call);

    /**
     * One answered call.
     *
     * @param service    the signing name of the service ({@code secretsmanager}, {@code iam}, …)
     * @param parameters the request's parameters as JSON text (UTF-8; a JSON service's body as sent), built only
     *                   when the event is written (off the request's thread); the trail removes secret values from them
     * @param accesses   what the call needed permission for: the resources it named
     * @param errorCode  the error it answered, or null for a success
     * @param userAgent  the client's User-Agent header, or null
     */
    record Call(RequestContext ctx, String service, Supplier<byte[]> parameters, List<Access> accesses,
                String errorCode, String errorMessage, String userAgent) {
    }
}
