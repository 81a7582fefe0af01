package dev.homeport.protocol;

import dev.homeport.common.Ids;
import dev.homeport.protocol.sigv4.Credentials;
import dev.homeport.protocol.sigv4.SignableRequest;
import dev.homeport.protocol.sigv4.SignedPrincipal;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The AWS Query protocol as EC2 speaks it: {@code POST /} with a form-encoded body
 * ({@code Action=DescribeSubnets&Version=2016-11-15&...}), XML answers
 * ({@code <DescribeSubnetsResponse xmlns=...><requestId>...</requestId>...}) and EC2's error document
 * ({@code <Response><Errors><Error><Code/><Message/></Error></Errors><RequestID/></Response>}).
 *
 * <p>The second wire format next to {@link AwsJsonProtocol}, with the same order of checks (size, signature,
 * routing) and the same error model: operations throw {@link AwsServiceException}s from their catalogue, and
 * anything else becomes a message-free {@code InternalFailure} (HTTP 500). The module is chosen by the
 * signing name of the SigV4 credential scope, as Query requests carry no target header.
 */
public final class AwsQueryProtocol {
    private static final Logger LOG = Logger.getLogger(AwsQueryProtocol.class.getName());
    public static final String CONTENT_TYPE = "text/xml;charset=UTF-8";

    private final Map<String, QueryServiceModule> modules = new HashMap<>();
    private final Authenticator authenticator;
    private final Authorizer authorizer;
    private final AuditTrail audit;
    private final Clock clock;
    private final long maxRequestBytes;

    public AwsQueryProtocol(List<QueryServiceModule> modules, Authenticator authenticator, Authorizer authorizer,
                            AuditTrail audit, Clock clock, long maxRequestBytes) {
        this.authorizer = authorizer;
        this.audit = audit;
        for (QueryServiceModule m : modules) {
            this.modules.put(m.signingName(), m);
        }
        this.authenticator = authenticator;
        this.clock = clock;
        this.maxRequestBytes = maxRequestBytes;
    }

    /** True for {@code application/x-www-form-urlencoded} (with or without a charset). */
    public static boolean isQueryRequest(String contentType) {
        return contentType != null
                && contentType.strip().toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
    }

    /** The actions served, as {@code signingName.Action}; for health output and tests. */
    public java.util.Set<String> targets() {
        java.util.TreeSet<String> out = new java.util.TreeSet<>();
        modules.forEach((name, m) -> m.operations().keySet().forEach(a -> out.add(name + "." + a)));
        return out;
    }

    public WireResponse handle(ApiRequest request) {
        String requestId = Ids.requestId();
        String action = null;
        QueryServiceModule module = null;
        try {
            // The body is read (up to the limit) only once the signature's headers check out. Any signing name is
            // accepted here and an unknown one is refused below.
            SignableRequest signable = request.signable(maxRequestBytes);
            SignedPrincipal principal;
            try {
                principal = authenticator.authenticate(signable, request.sourceAddress(), null);
            } catch (AwsServiceException e) {
                QueryServiceModule scoped = scopedModule(request);
                throw QueryErrors.authFailure(e, scoped == null ? QueryServiceModule.Dialect.EC2 : scoped.dialect());
            }
            QueryParams params = QueryParams.parse(signable.body());
            action = params.get("Action");
            if (action == null || action.isEmpty()) {
                throw QueryErrors.missingAction();
            }
            module = modules.get(principal.service());
            if (module == null) {
                throw QueryErrors.unknownService();
            }
            QueryServiceModule.QueryAction op = module.operations().get(action);
            if (op == null) {
                throw QueryErrors.invalidAction(action);
            }
            RequestContext ctx = new RequestContext(requestId, principal.credentials().principal(),
                    principal.region(), principal.credentials().accessKeyId(), action, clock.instant(),
                    request.sourceAddress(), authorizer);
            List<String> agent = request.headerValues("user-agent");
            String body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + authorizedAnswer(module, op, ctx,
                    params, agent.isEmpty() ? null : agent.get(0));
            return new WireResponse(200, CONTENT_TYPE, Map.of("x-amzn-RequestId", requestId),
                    body.getBytes(StandardCharsets.UTF_8));
        } catch (AwsServiceException e) {
            return renderError(e, requestId, module != null ? module : scopedModule(request));
        } catch (RuntimeException | Error e) {
            LOG.log(Level.SEVERE, "request " + requestId + " (" + action + ") failed", e);
            return renderError(ProtocolErrors.internalFailure(), requestId, module != null ? module : scopedModule(request));
        }
    }

    /**
     * The answer of an action behind the one authorization point of Query services, reported to the audit trail
     * however it ends. A denial is EC2's UnauthorizedOperation (HTTP 403, "You are not authorized to perform this
     * operation." before the reason) or, for IAM and STS, AccessDenied (HTTP 403).
     */
    private String authorizedAnswer(QueryServiceModule module, QueryServiceModule.QueryAction op, RequestContext ctx,
                                    QueryParams params, String userAgent) {
        return AuthorizedCall.run(authorizer, audit, ctx, module.signingName(), op.access().accessFor(ctx, params),
                () -> parameters(params), userAgent, denial -> QueryErrors.accessDenied(denial, module.dialect()),
                () -> answer(module, ctx.operation(), ctx.requestId(), out -> op.operation().invoke(ctx, params, out)));
    }

    /** The action's parameters as CloudTrail shows them, as JSON: the form fields but Action and Version. */
    private static byte[] parameters(QueryParams params) {
        var out = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        params.asMap().forEach((k, v) -> {
            if (!k.equals("Action") && !k.equals("Version")) {
                out.put(k, v);
            }
        });
        return out.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The action's answer document, wrapped as the module's dialect wraps it. */
    private static String answer(QueryServiceModule module, String action, String requestId,
                                 java.util.function.Consumer<Xml> members) {
        Xml body = new Xml();
        body.raw("<" + action + "Response xmlns=\"" + module.xmlNamespace() + "\">");
        if (module.dialect() == QueryServiceModule.Dialect.EC2) {
            body.element("requestId", requestId);
            members.accept(body);
        } else {
            body.open(action + "Result");
            members.accept(body);
            body.close(action + "Result");
            body.open("ResponseMetadata").element("RequestId", requestId).close("ResponseMetadata");
        }
        body.close(action + "Response");
        return body.toString();
    }

    /**
     * Before a request is authenticated, the module its credential scope names: Query requests carry no target,
     * and the service decides how even an authentication failure is written. Read only for a failed request (a
     * good one has its service from the verified signature).
     */
    private QueryServiceModule scopedModule(ApiRequest request) {
        String service = scopeService(request);
        return service == null ? null : modules.get(service);
    }

    /** The service named by the Authorization header's credential scope ({@code .../region/service/aws4_request}). */
    private static String scopeService(ApiRequest request) {
        List<String> authorization = request.headerValues("authorization");
        if (authorization.isEmpty()) {
            return null;
        }
        String header = authorization.get(0);
        int credential = header.indexOf("Credential=");
        if (credential < 0) {
            return null;
        }
        int end = header.indexOf(',', credential);
        String[] scope = header.substring(credential + "Credential=".length(), end < 0 ? header.length() : end)
                .strip().split("/");
        return scope.length == 5 ? scope[3] : null;
    }

    /**
     * One action for a caller already authenticated another way (the console's signed-in user): the same
     * operation, validation and errors as a signed request, the answer's XML document as text.
     *
     * @param service the module's signing name ({@code ec2})
     */
    public String call(Credentials caller, String region, String service, String action, Map<String, String> params,
                       String sourceAddress) {
        QueryServiceModule module = modules.get(service);
        QueryServiceModule.QueryAction op = module == null ? null : module.operations().get(action);
        if (op == null) {
            throw QueryErrors.invalidAction(action);
        }
        String requestId = Ids.requestId();
        RequestContext ctx = new RequestContext(requestId, caller.principal(), region, caller.accessKeyId(), action,
                clock.instant(), sourceAddress, authorizer);
        return authorizedAnswer(module, op, ctx, new QueryParams(params), "Homeport console");
    }

    /**
     * The one place a Query error becomes a response: EC2's {@code <Response><Errors>} document, or AWS's Query
     * {@code <ErrorResponse>} (with the fault's side, Sender or Receiver) for services of that dialect.
     */
    static WireResponse renderError(AwsServiceException e, String requestId, QueryServiceModule module) {
        Xml xml = new Xml();
        xml.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        if (module == null || module.dialect() == QueryServiceModule.Dialect.EC2) {
            xml.open("Response").open("Errors").open("Error")
                    .element("Code", e.errorType())
                    .element("Message", e.getMessage())
                    .close("Error").close("Errors")
                    .element("RequestID", requestId)
                    .close("Response");
        } else {
            xml.raw("<ErrorResponse xmlns=\"" + module.xmlNamespace() + "\">");
            xml.open("Error")
                    .element("Type", e.httpStatus() >= 500 ? "Receiver" : "Sender")
                    .element("Code", e.errorType())
                    .element("Message", e.getMessage())
                    .close("Error")
                    .element("RequestId", requestId)
                    .close("ErrorResponse");
        }
        return new WireResponse(e.httpStatus(), CONTENT_TYPE, Map.of("x-amzn-RequestId", requestId),
                xml.toString().getBytes(StandardCharsets.UTF_8));
    }
}
