package dev.homeport.cloudtrail;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
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
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * CloudTrail's management events, recorded from the edge ({@link AuditTrail}): each answered call is queued as it is
 * (a record and a queue offer on the request's thread) and written by a background thread, everything waiting at
 * once, as a few batch rows ({@link TrailBatch}). CloudTrail itself delivers events minutes later; here they
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
     * How many calls may wait to be written. A write is one transaction with a row per account and region, so its
     * cost is the encoding of its events, not the commit: at GetSecretValue's rates a write holds thousands.
     */
    private static final int QUEUE = 50_000;
    /**
     * How long calls gather between writes when the server is busy. An idle server's first call is written at once;
     * CloudTrail itself shows events minutes after the call.
     */
    private static final Duration INTERVAL = Duration.ofMillis(50);
    /** How often the writer looks at the queue's length while calls gather. */
    private static final Duration WAIT_STEP = Duration.ofMillis(10);
    /** How many request bodies, resources and derived strings the writer remembers, and the longest body. */
    private static final int REMEMBERED_BODIES = 4_096;
    private static final int REMEMBERED_BODY = 1_024;
    /** Parameters that hold a secret, lower-cased. */
    private static final Set<String> SECRET_PARAMETERS = Set.of("secretstring", "secretbinary", "password",
            "newpassword", "oldpassword", "secretaccesskey", "sessiontoken", "randompassword");
    /**
     * Parameter Store's top-level parameters that hold a value (PutParameter's {@code Value}, which may be a
     * SecureString's plaintext); nested {@code Value}s are tags'.
     */
    private static final Set<String> SSM_SECRET_PARAMETERS = Set.of("value");
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
    /** The resources of calls that named one ARN, by that ARN, seen lately; the writer's thread only. */
    private final Map<String, List<TrailEvent.TrailResource>> resourcesByArn = new HashMap<>();
    /** Event sources by service and user names by principal ARN, so that events share them; the writer's only. */
    private final Map<String, String> eventSources = new HashMap<>();
    private final Map<String, String> usernames = new HashMap<>();
    /** The sanitized text of recent request bodies that hid nothing ("" for none); the writer's thread only. */
    private final Map<Body, String> sanitizedBodies = new HashMap<>();
    private volatile boolean closed;
    private volatile boolean flushRequested;
    /** Calls recorded, and of those the writer has written (or failed to write), for {@link #flush}. */
    private final LongAdder recorded = new LongAdder();
    private long written;

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
        if (!queue.offer(call)) {
            try {
                queue.put(call);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                LOG.warning("interrupted while waiting to record an event of " + call.ctx().operation());
                return;
            }
        }
        recorded.increment();
    }

    /** Returns once every call recorded before it is in the event history (for tests; and at close). */
    public void flush() {
        long target = recorded.sum();
        flushRequested = true;
        LockSupport.unpark(writer);
        boolean behind;
        synchronized (this) {
            while (written < target && writer.isAlive()) {
                try {
                    wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            behind = written < target;
        }
        if (behind) { // the writer has stopped (close): write what it left
            List<Call> rest = new ArrayList<>();
            queue.drainTo(rest);
            write(rest);
        }
    }

    /** Forgets events older than 90 days (housekeeping). */
    public void expire() {
        store.purgeBefore(clock.instant().minus(RETENTION));
    }

    private void writeLoop() {
        long lastWrite = System.nanoTime() - INTERVAL.toNanos();
        while (!closed) {
            List<Call> batch = new ArrayList<>(0);
            try {
                Call first = queue.poll(500, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                awaitWrite(lastWrite + INTERVAL.toNanos());
                flushRequested = false;
                batch = new ArrayList<>(queue.size() + 16);
                batch.add(first);
                queue.drainTo(batch);
                lastWrite = System.nanoTime();
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "could not write " + batch.size() + " audit events", e);
            } finally {
                synchronized (this) {
                    written += batch.size();
                    notifyAll();
                }
            }
        }
    }

    /**
     * Lets calls gather until {@code due} (a write is a transaction and its commit, whatever it holds: written call by
     * call, a busy server's trail cost as much CPU as the calls), unless a flush is waiting, the queue is half full or
     * the recorder is closing.
     */
    private void awaitWrite(long due) {
        long left;
        while (!flushRequested && !closed && queue.size() < QUEUE / 2 && (left = due - System.nanoTime()) > 0) {
            LockSupport.parkNanos(this, Math.min(left, WAIT_STEP.toNanos()));
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
                remembered(eventSources, call.service(), s -> s + ".amazonaws.com"), isReadOnly(ctx.operation()),
                remembered(usernames, p.arn(), arn -> username(p)), ctx.accessKeyId(),
                resources(call.accesses()), kind, p.arn(), p.userId(), ctx.sourceAddress(), call.userAgent(),
                ctx.requestId(), call.errorCode(), call.errorMessage(), parameters(call));
    }

    /**
     * A UUID (version 7, RFC 9562) whose first 48 bits are the event's time: unique, and growing with time, so batch
     * rows, keyed by their first event's id, are appended to the table's key rather than written in random places.
     */
    static String eventId(long epochMillis) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (epochMillis << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new java.util.UUID(high, low).toString();
    }

    /**
     * The request's parameters with secret values hidden, keys starting in lower case as CloudTrail writes them; null
     * when there are none. Clients repeat the same requests, so the text of bodies that hide nothing is remembered
     * (bodies with a secret value are never kept).
     */
    private String parameters(Call call) {
        byte[] json;
        try {
            json = call.parameters().get();
        } catch (RuntimeException e) {
            return null;
        }
        if (json == null || json.length == 0) {
            return null;
        }
        Body key = new Body(json);
        String known = sanitizedBodies.get(key);
        if (known != null) {
            return known.isEmpty() ? null : known;
        }
        StringWriter text = new StringWriter(json.length + 16);
        boolean hidden;
        try (JsonParser parser = JSON.createParser(json); JsonGenerator g = JSON.createGenerator(text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            hidden = copySanitized(parser, g, "ssm".equals(call.service()) ? SSM_SECRET_PARAMETERS : Set.of());
        } catch (IOException e) {
            return null; // not JSON: the service refused it, and there is nothing to show
        }
        String sanitized = text.toString();
        String result = sanitized.equals("{}") ? "" : sanitized;
        if (!hidden && json.length <= REMEMBERED_BODY) {
            if (sanitizedBodies.size() >= REMEMBERED_BODIES) {
                sanitizedBodies.clear();
            }
            sanitizedBodies.put(key, result);
        }
        return result.isEmpty() ? null : result;
    }

    /**
     * Copies the object the parser is at (its START_OBJECT read), field names starting in lower case and the values
     * of secret parameters replaced; true when one was.
     */
    private static boolean copySanitized(JsonParser parser, JsonGenerator g, Set<String> alsoSecret)
            throws IOException {
        boolean hidden = false;
        g.writeStartObject();
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_OBJECT && token != null) {
            String key = parser.currentName();
            g.writeFieldName(key.isEmpty() ? key : Character.toLowerCase(key.charAt(0)) + key.substring(1));
            token = parser.nextToken();
            String lower = key.toLowerCase(Locale.ROOT);
            if (SECRET_PARAMETERS.contains(lower) || alsoSecret.contains(lower)) {
                parser.skipChildren();
                g.writeString(HIDDEN);
                hidden = true;
            } else {
                hidden |= copyValue(parser, token, g);
            }
        }
        g.writeEndObject();
        return hidden;
    }

    private static boolean copyValue(JsonParser parser, JsonToken token, JsonGenerator g) throws IOException {
        if (token == JsonToken.START_OBJECT) {
            return copySanitized(parser, g, Set.of());
        }
        if (token == JsonToken.START_ARRAY) {
            boolean hidden = false;
            g.writeStartArray();
            JsonToken item;
            while ((item = parser.nextToken()) != JsonToken.END_ARRAY && item != null) {
                hidden |= copyValue(parser, item, g);
            }
            g.writeEndArray();
            return hidden;
        }
        g.copyCurrentEvent(parser);
        return false;
    }

    /** A request body as a map key: compared by content. */
    private record Body(byte[] bytes) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Body b && java.util.Arrays.equals(bytes, b.bytes);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(bytes);
        }
    }

    /** The resources a call named: each Access's ARN, with a type derived from it; {@code *} is none. */
    private List<TrailEvent.TrailResource> resources(List<Access> accesses) {
        if (accesses == null || accesses.isEmpty()) {
            return List.of();
        }
        if (accesses.size() == 1) { // most calls: one list for every call on the same resource
            String arn = accesses.getFirst().resource();
            if (!arn.startsWith("arn:")) {
                return List.of();
            }
            if (resourcesByArn.size() >= REMEMBERED_BODIES) {
                resourcesByArn.clear();
            }
            return resourcesByArn.computeIfAbsent(arn, a -> List.of(new TrailEvent.TrailResource(typeOf(a), a)));
        }
        List<TrailEvent.TrailResource> out = new ArrayList<>();
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

    private static String remembered(Map<String, String> known, String from,
                                     java.util.function.UnaryOperator<String> derivation) {
        if (known.size() >= REMEMBERED_BODIES) {
            known.clear();
        }
        return known.computeIfAbsent(from, derivation);
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
