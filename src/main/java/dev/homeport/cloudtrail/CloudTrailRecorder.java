package dev.homeport.cloudtrail;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.homeport.common.Arn;
import dev.homeport.protocol.Access;
import dev.homeport.protocol.AuditTrail;
import dev.homeport.protocol.Principal;
import dev.homeport.protocol.RequestContext;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * CloudTrail's management events, recorded from the edge ({@link AuditTrail}): each answered call is queued as it is
 * (a record and a queue offer on the request's thread) and written, as the columns its record is made of, in
 * batches by a background thread, about every half second. CloudTrail itself delivers events minutes later; here they
 * are in the event history within a second. Events are kept 90 days.
 *
 * <p>Secret values never reach the trail: parameters that carry them (SecretString, SecretBinary, passwords, secret
 * access keys, session tokens) are written as {@code HIDDEN_DUE_TO_SECURITY_REASONS}, as CloudTrail does, and answers
 * are not recorded at all.
 */
public final class CloudTrailRecorder implements AuditTrail, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(CloudTrailRecorder.class.getName());
    static final Duration RETENTION = Duration.ofDays(90);
    static final String HIDDEN = "HIDDEN_DUE_TO_SECURITY_REASONS";
    /**
     * How many calls may wait to be written. A write is one transaction, and its commit (an fsync of the journal)
     * is what it costs, not the rows: everything waiting goes into the next one, so at GetSecretValue's rates a
     * transaction holds thousands of events.
     */
    private static final int QUEUE = 50_000;
    /** Parameters that hold a secret, lower-cased. */
    private static final Set<String> SECRET_PARAMETERS = Set.of("secretstring", "secretbinary", "password",
            "newpassword", "oldpassword", "secretaccesskey", "sessiontoken", "randompassword");
    /** CloudWatch Logs' calls on events are data events, which Event history does not show. */
    private static final Set<String> LOGS_DATA_EVENTS = Set.of("PutLogEvents", "GetLogEvents", "FilterLogEvents");

    private static final JsonFactory JSON = new ObjectMapper().getFactory();

    private final TrailStore store;
    private final Clock clock;
    /**
     * Calls not yet written. Bounded: when the writer falls behind, callers wait for room (an event is never dropped,
     * and the memory waiting calls hold stays small).
     */
    private final BlockingQueue<Call> queue = new LinkedBlockingQueue<>(QUEUE);
    private final Thread writer;
    private volatile boolean closed;

    public CloudTrailRecorder(dev.homeport.store.Database database, Clock clock) {
        this.store = new TrailStore(database);
        this.clock = clock;
        this.writer = Thread.ofPlatform().name("homeport-cloudtrail").daemon().start(this::writeLoop);
    }

    TrailStore store() {
        return store;
    }

    @Override
    public void record(Call call) {
        if (call.service().equals("logs") && LOGS_DATA_EVENTS.contains(call.ctx().operation())) {
            return;
        }
        if (queue.offer(call)) {
            return;
        }
        try {
            queue.put(call);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warning("interrupted while waiting to record an event of " + call.ctx().operation());
        }
    }

    /** Writes what is queued now; for tests and at close. */
    public void flush() {
        List<Call> batch = new ArrayList<>();
        queue.drainTo(batch);
        write(batch);
    }

    /** Forgets events older than 90 days (housekeeping). */
    public void expire() {
        store.purgeBefore(clock.instant().minus(RETENTION));
    }

    private void writeLoop() {
        while (!closed) {
            try {
                Call first = queue.poll(500, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                List<Call> batch = new ArrayList<>(List.of(first));
                queue.drainTo(batch);
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "could not write audit events; will try with the next ones", e);
            }
        }
    }

    private void write(List<Call> batch) {
        if (batch.isEmpty()) {
            return;
        }
        List<TrailEvent> events = new ArrayList<>(batch.size());
        for (Call call : batch) {
            events.add(event(call));
        }
        store.insert(events);
    }

    /**
     * The event of a call, as stored. The record CloudTrail shows (CloudTrailEvent) is made from it when it is read:
     * at the rates GetSecretValue is called, writing finished records cost more than the calls themselves.
     */
    TrailEvent event(Call call) {
        RequestContext ctx = call.ctx();
        Principal p = ctx.principal();
        // IAM is global: its events are in us-east-1's history, as on AWS.
        String region = call.service().equals("iam") ? "us-east-1" : ctx.region();
        String eventId = eventId(ctx.receivedAt().toEpochMilli());
        String kind = switch (p.kind()) {
            case ROOT -> "Root";
            case USER -> "IAMUser";
            case ASSUMED_ROLE -> "AssumedRole";
        };
        return new TrailEvent(eventId, p.accountId(), region, ctx.receivedAt(), ctx.operation(),
                call.service() + ".amazonaws.com", isReadOnly(ctx.operation()), username(p), ctx.accessKeyId(),
                resources(call.accesses()), kind, p.arn(), p.userId(), ctx.sourceAddress(), call.userAgent(),
                ctx.requestId(), call.errorCode(), call.errorMessage(), parameters(call));
    }

    /**
     * A UUID (version 7, RFC 9562) whose first 48 bits are the event's time: unique, and growing with time, so the
     * event table is appended to rather than written in random places.
     */
    static String eventId(long epochMillis) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (epochMillis << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new java.util.UUID(high, low).toString();
    }

    /** The request's parameters with secret values hidden; keys start in lower case, as CloudTrail writes them. */
    private static String parameters(Call call) {
        JsonNode given;
        try {
            given = call.parameters().get();
        } catch (RuntimeException e) {
            return null;
        }
        if (given == null || !given.isObject() || given.isEmpty()) {
            return null;
        }
        StringWriter text = new StringWriter(128);
        try (JsonGenerator g = JSON.createGenerator(text)) {
            writeSanitized(g, given);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    private static void writeSanitized(JsonGenerator g, JsonNode node) throws IOException {
        if (node.isObject()) {
            g.writeStartObject();
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                String key = f.getKey();
                g.writeFieldName(key.isEmpty() ? key : Character.toLowerCase(key.charAt(0)) + key.substring(1));
                if (SECRET_PARAMETERS.contains(key.toLowerCase(Locale.ROOT))) {
                    g.writeString(HIDDEN);
                } else {
                    writeSanitized(g, f.getValue());
                }
            }
            g.writeEndObject();
        } else if (node.isArray()) {
            g.writeStartArray();
            for (JsonNode item : node) {
                writeSanitized(g, item);
            }
            g.writeEndArray();
        } else {
            g.writeTree(node);
        }
    }

    /** The resources a call named: each Access's ARN, with a type derived from it; {@code *} is none. */
    private static List<TrailEvent.TrailResource> resources(List<Access> accesses) {
        List<TrailEvent.TrailResource> out = new ArrayList<>();
        if (accesses == null) {
            return out;
        }
        for (Access a : accesses) {
            if (a.resource().startsWith("arn:") && out.stream().noneMatch(r -> r.arn().equals(a.resource()))) {
                out.add(new TrailEvent.TrailResource(typeOf(a.resource()), a.resource()));
            }
        }
        return out;
    }

    /** {@code AWS::SecretsManager::Secret}, {@code AWS::ECS::Cluster}, {@code AWS::IAM::User}, … */
    static String typeOf(String arn) {
        Arn parsed = Arn.parse(arn).orElse(null);
        if (parsed == null) {
            return "AWS::Unknown";
        }
        String service = switch (parsed.service()) {
            case "secretsmanager" -> "SecretsManager";
            case "ecs" -> "ECS";
            case "logs" -> "Logs";
            case "iam" -> "IAM";
            case "sts" -> "STS";
            case "ec2" -> "EC2";
            default -> parsed.service();
        };
        String resource = parsed.resource();
        int end = resource.length();
        for (char sep : new char[]{'/', ':'}) {
            int i = resource.indexOf(sep);
            if (i >= 0 && i < end) {
                end = i;
            }
        }
        String kind = resource.substring(0, end);
        StringBuilder type = new StringBuilder();
        for (String word : kind.split("-")) {
            if (!word.isEmpty()) {
                type.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
            }
        }
        return "AWS::" + service + "::" + (type.isEmpty() ? "Resource" : type);
    }

    /** Event history's user name: the IAM user's name, the role session's name, or "root". */
    static String username(Principal p) {
        return switch (p.kind()) {
            case ROOT -> "root";
            case USER, ASSUMED_ROLE -> p.arn().substring(p.arn().lastIndexOf('/') + 1);
        };
    }

    /** Read-only calls, as CloudTrail classifies them: those that only read (Get, List, Describe, …). */
    static boolean isReadOnly(String operation) {
        for (String prefix : new String[]{"Get", "List", "Describe", "Lookup", "BatchGet", "Validate", "Filter"}) {
            if (operation.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        // The writer sees this within its half-second poll; it is not interrupted, which could break a write.
        closed = true;
        try {
            writer.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not write the last audit events", e);
        }
    }
}
