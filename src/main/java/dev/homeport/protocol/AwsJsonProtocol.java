package dev.homeport.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.homeport.protocol.sigv4.Credentials;
import dev.homeport.protocol.sigv4.SignableRequest;
import dev.homeport.protocol.sigv4.SignedPrincipal;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.io.IOException;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * AWS JSON 1.0/1.1: {@code POST /} with {@code X-Amz-Target: <prefix>.<Operation>}, a JSON body in
 * and a JSON body out. Checks the signature, routes by target, reads the input record, invokes the
 * operation and renders its output or its error. Knows nothing about HTTP servers.
 */
public final class AwsJsonProtocol {
    private static final Logger LOG = Logger.getLogger(AwsJsonProtocol.class.getName());
    private static final byte[] EMPTY_OBJECT = "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    /** @param input the module's mapper bound to the input type (a mapper looks the type's reader up per call) */
    private record Route<I, O>(ServiceModule module, String name, ObjectReader input, AccessRule<? super I> access,
                               Operation<I, O> operation, Timer timer) {
    }

    private final Map<String, Route<?, ?>> routes = new HashMap<>();
    private final Map<String, ServiceModule> modulesByPrefix = new HashMap<>();
    private final Authenticator authenticator;
    private final Authorizer authorizer;
    private final AuditTrail audit;
    private final MeterRegistry meters;
    private final Clock clock;
    private final long maxRequestBytes;
    private final Map<String, io.micrometer.core.instrument.Counter> errorCounters = new ConcurrentHashMap<>();

    public AwsJsonProtocol(List<ServiceModule> modules, Authenticator authenticator, Authorizer authorizer,
                           AuditTrail audit, MeterRegistry meters, Clock clock, long maxRequestBytes) {
        this.authenticator = authenticator;
        this.authorizer = authorizer;
        this.audit = audit;
        this.meters = meters;
        this.clock = clock;
        this.maxRequestBytes = maxRequestBytes;
        for (ServiceModule module : modules) {
            modulesByPrefix.put(module.targetPrefix(), module);
            module.register(new OperationRegistry() {
                @Override
                public <I, O> void add(String name, Class<I> inputType, AccessRule<? super I> access,
                                       Operation<I, O> operation) {
                    Timer timer = Timer.builder("homeport.requests")
                            .tag("service", module.signingName()).tag("operation", name)
                            .publishPercentileHistogram(false).register(meters);
                    routes.put(module.targetPrefix() + "." + name, new Route<>(module, name,
                            module.mapper().readerFor(inputType), access, operation, timer));
                }
            });
        }
    }

    /** The operations this protocol serves, as {@code prefix.Operation}; for health output and tests. */
    public java.util.Set<String> targets() {
        return java.util.Collections.unmodifiableSet(routes.keySet());
    }

    public WireResponse handle(ApiRequest request) {
        String requestId = dev.homeport.common.Ids.requestId();
        String target = first(request, "x-amz-target");
        ServiceModule module = target == null ? null : modulesByPrefix.get(prefixOf(target));
        String messageMember = module == null ? "message" : module.errorMessageMember();
        try {
            long limit = module == null ? maxRequestBytes : module.maxRequestBytes().orElse(maxRequestBytes);
            // The body is read (up to the limit) only once the signature's headers check out.
            SignableRequest signable = request.signable(limit);
            SignedPrincipal principal = authenticator.authenticate(signable, request.sourceAddress(),
                    module == null ? null : module.signingName());
            Route<?, ?> route = target == null ? null : routes.get(target);
            if (route == null) {
                throw ProtocolErrors.unknownOperation();
            }
            RequestContext ctx = new RequestContext(requestId, principal.credentials().principal(),
                    principal.region(), principal.credentials().accessKeyId(), route.name(), clock.instant(),
                    request.sourceAddress(), authorizer);
            long start = System.nanoTime();
            byte[] body = invoke(route, ctx, signable.body(), first(request, "user-agent"));
            route.timer().record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
            return new WireResponse(200, ErrorRenderer.CONTENT_TYPE, Map.of("x-amzn-RequestId", requestId), body);
        } catch (AwsServiceException e) {
            countError(e.errorType());
            return ErrorRenderer.render(e, requestId, messageMember);
        } catch (RuntimeException | Error e) {
            // A fault of ours: log it with the request id so an operator can find it; the caller
            // gets a message-free InternalFailure.
            LOG.log(Level.SEVERE, "request " + requestId + " (" + target + ") failed", e);
            countError("InternalFailure");
            return ErrorRenderer.render(e, requestId, messageMember);
        }
    }

    /**
     * Runs one operation for a caller who proved who they are another way than SigV4: the web
     * console's signed-in session. Everything after the signature check is the same as for a signed
     * request (route, strict input reading, the operation, its errors), so the console can do nothing
     * the API would refuse, and shows the API's own error types and messages.
     *
     * @param target {@code prefix.Operation}, such as {@code secretsmanager.CreateSecret}
     * @param input  the request body, in the service's wire naming
     * @return the response body, in the service's wire naming ({@code {}} when the operation has no output)
     * @throws AwsServiceException the operation's error, or {@code InternalFailure} for a fault of ours
     */
    public JsonNode call(Credentials caller, String region, String target, JsonNode input, String sourceAddress) {
        String requestId = dev.homeport.common.Ids.requestId();
        Route<?, ?> route = routes.get(target);
        if (route == null) {
            throw ProtocolErrors.unknownOperation();
        }
        RequestContext ctx = new RequestContext(requestId, caller.principal(), region, caller.accessKeyId(),
                route.name(), clock.instant(), sourceAddress, authorizer);
        try {
            return callRoute(route, ctx, input);
        } catch (AwsServiceException e) {
            countError(e.errorType());
            throw e;
        } catch (RuntimeException | Error e) {
            LOG.log(Level.SEVERE, "console request " + requestId + " (" + target + ") failed", e);
            countError("InternalFailure");
            throw ProtocolErrors.internalFailure();
        }
    }

    private <I, O> JsonNode callRoute(Route<I, O> route, RequestContext ctx, JsonNode input) {
        ObjectMapper mapper = route.module().mapper();
        byte[] body;
        try {
            body = mapper.writeValueAsBytes(input);
        } catch (JsonProcessingException e) {
            throw ProtocolErrors.serialization("The request body could not be read.");
        }
        long start = System.nanoTime();
        I in = readInput(route.input(), body);
        O output = authorizedInvoke(route, ctx, in, body, "Homeport console");
        route.timer().record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
        return output == null ? mapper.createObjectNode() : mapper.valueToTree(output);
    }

    /**
     * The answer to a request the HTTP server refused before it could reach {@link #handle} (a body
     * over the server's hard cap, a malformed request line or header), in the same AWS format as
     * every other error: JSON with {@code __type}, {@code x-amzn-ErrorType} and a request id.
     *
     * @param status the status the HTTP server chose
     * @param target the request's {@code X-Amz-Target}, if it could be read, to spell the message member
     */
    public WireResponse transportError(int status, String target) {
        ServiceModule module = target == null ? null : modulesByPrefix.get(prefixOf(target.strip()));
        String messageMember = module == null ? "message" : module.errorMessageMember();
        AwsServiceException error;
        if (status == 413) {
            error = ProtocolErrors.requestTooLarge(module == null ? maxRequestBytes
                    : Math.max(maxRequestBytes, module.maxRequestBytes().orElse(maxRequestBytes)));
        } else if (status >= 400 && status < 500) {
            error = ProtocolErrors.badRequest(status);
        } else {
            error = ProtocolErrors.internalFailure();
        }
        countError(error.errorType());
        return ErrorRenderer.render(error, dev.homeport.common.Ids.requestId(), messageMember);
    }

    private <I, O> byte[] invoke(Route<I, O> route, RequestContext ctx, byte[] body, String userAgent) {
        ObjectMapper mapper = route.module().mapper();
        I input = readInput(route.input(), body);
        O output = authorizedInvoke(route, ctx, input, body, userAgent);
        if (output == null) {
            return EMPTY_OBJECT;
        }
        try {
            return mapper.writeValueAsBytes(output);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write output of " + route.name(), e);
        }
    }

    /**
     * The operation behind the one authorization point of JSON services (AWS answers a denial with
     * AccessDeniedException, HTTP 400), reported to the audit trail however it ends.
     */
    private <I, O> O authorizedInvoke(Route<I, O> route, RequestContext ctx, I input, byte[] body, String userAgent) {
        // The parameters CloudTrail records are the body as the client sent it (the trail hides secret values).
        return AuthorizedCall.run(authorizer, audit, ctx, route.module().signingName(),
                route.access().accessFor(ctx, input), () -> body, userAgent,
                denial -> route.module().accessDenied(ctx, denial), () -> route.operation().invoke(ctx, input));
    }

    static <I> I readInput(ObjectReader reader, byte[] body) {
        Utf8Json.requireUnicodeText(body);
        try {
            if (body.length == 0) {
                return reader.readValue(EMPTY_OBJECT);
            }
            // One binding pass: peek at the first token, then bind the same parser (no intermediate tree).
            try (JsonParser parser = reader.createParser(body)) {
                JsonToken first = parser.nextToken();
                if (first == null || first == JsonToken.VALUE_NULL) {
                    if (first != null && parser.nextToken() != null) {
                        throw ProtocolErrors.serialization("The request body is not valid JSON.");
                    }
                    return reader.readValue(EMPTY_OBJECT);
                }
                if (first != JsonToken.START_OBJECT) {
                    throw ProtocolErrors.serialization("Start of structure or map found where not expected.");
                }
                // FAIL_ON_TRAILING_TOKENS applies here too: "{} x" is refused as before.
                return reader.readValue(parser);
            }
        } catch (com.fasterxml.jackson.core.JsonParseException e) {
            // Parser messages quote the offending input, which may be part of a secret value.
            throw ProtocolErrors.serialization("The request body is not valid JSON.");
        } catch (com.fasterxml.jackson.databind.exc.MismatchedInputException e) {
            throw Json.unreadable(e);
        } catch (IOException e) {
            throw ProtocolErrors.serialization("The request body could not be read.");
        } catch (IllegalArgumentException e) {
            throw ProtocolErrors.serialization("The request body could not be read.");
        }
    }

    private void countError(String type) {
        errorCounters.computeIfAbsent(type, t -> meters.counter("homeport.errors", "type", t)).increment();
    }

    private static String prefixOf(String target) {
        int dot = target.lastIndexOf('.');
        return dot < 0 ? target : target.substring(0, dot);
    }

    private static String first(ApiRequest request, String header) {
        List<String> values = request.headerValues(header);
        return values.isEmpty() ? null : values.get(0).strip();
    }
}
