package dev.homeport.protocol;

import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * How both protocols run an operation once its input is read: the one authorization point, then the operation, and
 * however that ends, the call reported to the audit trail.
 */
final class AuthorizedCall {
    private AuthorizedCall() {
    }

    /**
     * @param service    the signing name, for the audit trail
     * @param parameters the request's parameters as JSON text (UTF-8), built only if the trail writes them
     * @param refusal    the service's words for a denial (AccessDeniedException, UnauthorizedOperation, AccessDenied)
     */
    static <T> T run(Authorizer authorizer, AuditTrail audit, RequestContext ctx, String service,
                     List<Access> accesses, Supplier<byte[]> parameters, String userAgent,
                     Function<Authorizer.Denial, AwsServiceException> refusal, Supplier<T> operation) {
        String errorCode = null;
        String errorMessage = null;
        try {
            authorizer.check(ctx, accesses).ifPresent(denial -> {
                throw refusal.apply(denial);
            });
            return operation.get();
        } catch (AwsServiceException e) {
            errorCode = e.errorType();
            errorMessage = e.getMessage();
            throw e;
        } catch (RuntimeException | Error e) {
            errorCode = "InternalFailure";
            throw e;
        } finally {
            audit.record(new AuditTrail.Call(ctx, service, parameters, accesses, errorCode, errorMessage, userAgent));
        }
    }
}
