package dev.homeport.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homeport.secretsmanager.SecretsManagerShapes;
import dev.homeport.testing.HomeportServer;
import dev.homeport.testing.RawHttp;
import dev.homeport.testing.RawHttp.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.SecretListEntry;
import software.amazon.awssdk.services.secretsmanager.model.SecretVersionsListEntry;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterHistory;
import software.amazon.awssdk.services.ssm.model.ParameterMetadata;

import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.net.InetAddress;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Throws several thousand malformed, hostile and valid requests at an in-process Homeport over real
 * HTTP on 127.0.0.1, most of them correctly signed so they reach the operations, once for each JSON
 * service fuzzed here (Secrets Manager, SSM Parameter Store). Every answer must be an AWS error
 * (4xx, JSON with {@code __type} and a message, a request id) or, for the valid ones, a success;
 * never a 5xx or a dropped connection; no error message may echo a secret value sent in the
 * request. Afterwards nothing may be half-written: every secret or parameter is complete and
 * consistent, and exactly those whose creation succeeded (and that were not deleted) exist.
 *
 * <p>The cases are the same for every service (wrong JSON types in each member of each request
 * shape, random bytes, truncated and deeply nested JSON, bodies that are not UTF-8, unknown targets,
 * broken signatures and dates, odd numbers, oversized bodies); a {@link Service} says what its
 * requests look like, which of its writes are valid and which are not, and how to check its state.
 *
 * <p>One fixed seed, one connection at a time: a failure reproduces exactly.
 */
class ProtocolFuzzTest {
    /** Fixed for CI; {@code -Dhomeport.fuzz.seed=N} explores other sequences. */
    private static final long SEED = Long.getLong("homeport.fuzz.seed", 0x5EC2E7F022L);
    private static final int REQUESTS = 3000;
    private static final Duration BUDGET = Duration.ofSeconds(50);
    /** Every secret value this test sends contains this; no error message may. */
    private static final String PLANT = "s3cr3t-PLANT-";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private static HomeportServer server;
    /** Requests sent so far that may fail authentication: every ten move to the next source address. */
    private static final AtomicInteger FAILING = new AtomicInteger();

    private final Random random = new Random(SEED);
    private final List<String> names = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private final Map<String, Integer> kinds = new TreeMap<>();
    private final Map<String, Long> kindMillis = new TreeMap<>();
    private int plantCounter;
    private Service service;

    @BeforeAll
    static void start() {
        server = HomeportServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** What a case promises about its answer. */
    enum Expect { ERROR, ANY }

    /** One request; {@code from} is the loopback address it is sent from, null for 127.0.0.1. */
    private record Case(String kind, Expect expect, String target, List<Header> headers, byte[] body,
                        InetAddress from) {
        Case(String kind, Expect expect, String target, List<Header> headers, byte[] body) {
            this(kind, expect, target, headers, body, null);
        }

        /**
         * This case sent from a loopback address of its own. The server throttles failed authentications per
         * source and key (20, then two a second): sent from 127.0.0.1 with the development key, as the others
         * are, they would soon have every request answered ThrottlingException before it reached an operation.
         */
        Case failingAuthentication() {
            int n = FAILING.getAndIncrement() / 10;
            byte[] address = {127, 1, (byte) (n / 250), (byte) (n % 250 + 1)};
            try {
                return new Case(kind, expect, target, headers, body, InetAddress.getByAddress(address));
            } catch (java.net.UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"secretsmanager", "ssm"})
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void hostileRequestsGetAwsErrorsAndLeaveNothingHalfWritten(String signingName) throws Exception {
        service = switch (signingName) {
            case "secretsmanager" -> new SecretsManager();
            case "ssm" -> new Ssm();
            default -> throw new IllegalArgumentException(signingName);
        };
        assertThat(service.inputs).containsKeys(service.requiredOperations());
        names.addAll(service.names());
        long start = System.nanoTime();
        int sent = 0;
        while (sent < REQUESTS && System.nanoTime() - start < BUDGET.toNanos()) {
            long t0 = System.nanoTime();
            Case c = next();
            kinds.merge(c.kind(), 1, Integer::sum);
            check(c, send(c));
            kindMillis.merge(c.kind(), (System.nanoTime() - t0) / 1_000_000, Long::sum);
            sent++;
            if (failures.size() > 40) {
                break;
            }
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        String label = "ProtocolFuzzTest[" + signingName + "]: ";
        System.out.printf("%s%d requests in %d ms, seed %d, %s%n", label, sent, millis, SEED, service.written());
        System.out.println(label + "cases by kind " + kinds + ", ms by kind " + kindMillis);
        assertThat(failures).as("answers that broke the contract").isEmpty();
        assertThat(sent).as("requests sent within the time budget").isGreaterThanOrEqualTo(1000);
        System.out.println(label + service.checkNothingHalfWritten());
        assertThat(failures).as("inconsistent state after fuzzing").isEmpty();
    }

    // ------------------------------------------------------------------ sending and checking

    private RawHttp.Response send(Case c) {
        try {
            return RawHttp.post(c.from(), server.port(), c.headers(), c.body());
        } catch (IOException e) {
            failures.add(describe(c) + " -> no answer: " + e);
            return null;
        }
    }

    private void check(Case c, RawHttp.Response r) {
        if (r == null) {
            return;
        }
        String where = describe(c) + " -> " + r.status() + " " + abbreviate(r.bodyText(), 300);
        if (r.status() >= 500) {
            failures.add("5xx: " + where);
            return;
        }
        if (c.expect() == Expect.ERROR && (r.status() < 400)) {
            failures.add("expected a 4xx: " + where);
            return;
        }
        if (r.header("x-amzn-RequestId") == null || r.header("x-amzn-RequestId").isBlank()) {
            failures.add("no x-amzn-RequestId: " + where);
        }
        JsonNode body;
        try {
            body = JSON.readTree(r.body());
        } catch (IOException e) {
            failures.add("body is not JSON: " + where);
            return;
        }
        if (body == null || !body.isObject()) {
            failures.add("body is not a JSON object: " + where);
            return;
        }
        if (r.status() >= 400) {
            if (!body.hasNonNull("__type")) {
                failures.add("error without __type: " + where);
            }
            if (!r.header("x-amzn-ErrorType").equals(body.path("__type").asText())) {
                failures.add("x-amzn-ErrorType differs from __type: " + where);
            }
            String message = body.path("Message").asText("") + body.path("message").asText("");
            if (message.isBlank()) {
                failures.add("error without a message: " + where);
            }
            if (r.bodyText().contains(PLANT) || message.contains(PLANT)) {
                failures.add("error echoes a secret value: " + where);
            }
            return;
        }
        if (c.target() != null && c.target().startsWith(service.targetPrefix)) {
            service.record(c.target().substring(service.targetPrefix.length()), request(c), body);
        }
    }

    /** A successful request's body as the server read it. */
    private static JsonNode request(Case c) {
        try {
            JsonNode in = JSON.readTree(c.body());
            return in == null ? NODES.objectNode() : in;
        } catch (IOException e) {
            return NODES.objectNode();
        }
    }

    // ------------------------------------------------------------------ the cases

    private Case next() {
        int roll = random.nextInt(100);
        if (roll < 22) {
            return service.validMix();
        } else if (roll < 44) {
            return wrongType();
        } else if (roll < 56) {
            return service.brokenWrite();
        } else if (roll < 62) {
            return randomBytes();
        } else if (roll < 68) {
            return truncatedJson();
        } else if (roll < 72) {
            return deeplyNested();
        } else if (roll < 76) {
            return service.hugeStrings();
        } else if (roll < 80) {
            return nonUtf8();
        } else if (roll < 85) {
            return badTarget();
        } else if (roll < 93) {
            return badAuthorization();
        } else if (roll < 97) {
            return badDate();
        } else if (roll < 99) {
            return numberEdgeCases();
        }
        return oversized();
    }

    private Case signedCase(String kind, Expect expect, String operation, byte[] body) {
        String target = operation == null ? null : service.targetPrefix + operation;
        return new Case(kind, expect, target, sign(target, body), body);
    }

    private List<Header> sign(String target, byte[] body) {
        return RawHttp.signed(server.port(), target, body, Instant.now(), "test", "test", "us-east-1",
                service.signingName);
    }


    private String operation() {
        List<String> ops = new ArrayList<>(service.inputs.keySet());
        return ops.get(random.nextInt(ops.size()));
    }

    private <T> T oneOf(List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }

    private String plant() {
        return PLANT + (plantCounter++) + "-" + Long.toHexString(random.nextLong());
    }

    private String someName() {
        return oneOf(names);
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String token() {
        return UUID.randomUUID().toString();
    }

    /** A plausible, valid-looking input for any shape, filled from the record's members. */
    private ObjectNode baseline(Class<?> record) {
        ObjectNode node = NODES.objectNode();
        for (RecordComponent rc : record.getRecordComponents()) {
            String member = wireName(rc);
            if (!service.leftOut(member)) {
                node.set(member, valueFor(member, rc.getGenericType()));
            }
        }
        service.adjust(record, node);
        return node;
    }

    private JsonNode valueFor(String member, Type type) {
        Class<?> raw = rawClass(type);
        if (raw == String.class) {
            return service.stringFor(member);
        }
        if (raw == byte[].class) {
            return NODES.textNode(Base64.getEncoder().encodeToString(plant().getBytes(StandardCharsets.UTF_8)));
        }
        if (raw == Boolean.class) {
            return NODES.booleanNode(false);
        }
        if (raw == Integer.class || raw == Long.class) {
            return NODES.numberNode(service.numberFor(member));
        }
        if (raw == List.class) {
            Type element = ((ParameterizedType) type).getActualTypeArguments()[0];
            ArrayNode array = NODES.arrayNode();
            if (rawClass(element) == String.class) {
                array.add(service.elementFor(member));
            } else {
                array.add(valueFor(member, element));
            }
            return array;
        }
        if (raw.isRecord()) {
            return baseline(raw);
        }
        return NODES.nullNode();
    }

    /** Every member of every input shape, given a value of the wrong JSON type (nested members too). */
    private Case wrongType() {
        String op = operation();
        Class<?> shape = service.inputs.get(op);
        ObjectNode in = baseline(shape);
        if (random.nextBoolean()) {
            in.put(service.secretMember, plant()); // a secret in the same request, to see it is never echoed
        }
        Expect expect = breakOneMember(in, shape, 0);
        return signedCase("wrong-type", expect, op, bytes(in));
    }

    private Expect breakOneMember(ObjectNode node, Class<?> shape, int depth) {
        RecordComponent[] members = shape.getRecordComponents();
        RecordComponent rc = members[random.nextInt(members.length)];
        String member = wireName(rc);
        Class<?> raw = rawClass(rc.getGenericType());
        // Sometimes go one level down, into a structure or a list of structures.
        if (depth < 2 && random.nextBoolean()) {
            if (raw.isRecord()) {
                ObjectNode inner = baseline(raw);
                node.set(member, inner);
                return breakOneMember(inner, raw, depth + 1);
            }
            if (raw == List.class) {
                Class<?> element = rawClass(((ParameterizedType) rc.getGenericType()).getActualTypeArguments()[0]);
                if (element.isRecord()) {
                    ObjectNode inner = baseline(element);
                    node.putArray(member).add(inner);
                    return breakOneMember(inner, element, depth + 1);
                }
            }
        }
        List<Supplier<JsonNode>> wrong = new ArrayList<>();
        boolean nullable = false;
        if (raw == String.class) {
            wrong.addAll(List.of(() -> NODES.numberNode(1), () -> NODES.numberNode(-1.5), () -> NODES.booleanNode(true),
                    () -> NODES.booleanNode(false), NODES::arrayNode, () -> NODES.arrayNode().add("x"),
                    NODES::objectNode, () -> NODES.objectNode().put("a", 1)));
        } else if (raw == byte[].class) {
            wrong.addAll(List.of(() -> NODES.numberNode(1), () -> NODES.booleanNode(true), NODES::objectNode,
                    () -> NODES.textNode("!!not base64!!"), () -> NODES.arrayNode().add("a"),
                    () -> NODES.arrayNode().add(NODES.arrayNode())));
        } else if (raw == Boolean.class) {
            wrong.addAll(List.of(() -> NODES.textNode("true"), () -> NODES.numberNode(1), NODES::arrayNode,
                    NODES::objectNode, () -> NODES.numberNode(0.5)));
        } else if (raw == Integer.class || raw == Long.class) {
            wrong.addAll(List.of(() -> NODES.textNode("5"), () -> NODES.numberNode(1.5), () -> NODES.booleanNode(true),
                    NODES::arrayNode, NODES::objectNode, () -> NODES.numberNode(new java.math.BigDecimal("1e40")),
                    () -> NODES.numberNode(new java.math.BigInteger("99999999999999999999999"))));
        } else if (raw == List.class) {
            Class<?> element = rawClass(((ParameterizedType) rc.getGenericType()).getActualTypeArguments()[0]);
            wrong.addAll(List.of(() -> NODES.textNode("x"), () -> NODES.numberNode(1), () -> NODES.booleanNode(true),
                    NODES::objectNode, () -> NODES.arrayNode().add(NODES.arrayNode()),
                    () -> NODES.arrayNode().add(element == String.class ? NODES.objectNode() : NODES.textNode("x")),
                    () -> NODES.arrayNode().add(element == String.class ? NODES.numberNode(1) : NODES.booleanNode(true))));
            if (random.nextInt(5) == 0) {
                // null inside a list: not a type error, but must not crash anything either.
                node.set(member, NODES.arrayNode().add(NODES.nullNode()).add(valueFor(member, rc.getGenericType()).get(0)));
                return Expect.ANY;
            }
        } else if (raw.isRecord()) {
            wrong.addAll(List.of(() -> NODES.textNode("x"), () -> NODES.numberNode(1), () -> NODES.booleanNode(true),
                    NODES::arrayNode, () -> NODES.arrayNode().add(NODES.objectNode())));
        } else {
            nullable = true;
        }
        if (nullable || random.nextInt(12) == 0) {
            // null where a value belongs: for AWS JSON that is the member left out.
            node.set(member, NODES.nullNode());
            return Expect.ANY;
        }
        node.set(member, wrong.get(random.nextInt(wrong.size())).get());
        return Expect.ERROR;
    }

    private Case randomBytes() {
        byte[] body = new byte[1 + random.nextInt(2000)];
        random.nextBytes(body);
        if (body[0] == '{' || body[0] == ' ' || body[0] == 'n') {
            body[0] = '#';
        }
        return signedCase("random-bytes", Expect.ERROR, operation(), body);
    }

    private Case truncatedJson() {
        String op = operation();
        ObjectNode in = baseline(service.inputs.get(op));
        in.put(service.secretMember, plant());
        byte[] full = bytes(in);
        int keep = 1 + random.nextInt(full.length - 1);
        return signedCase("truncated-json", Expect.ERROR, op, java.util.Arrays.copyOf(full, keep));
    }

    private Case deeplyNested() {
        String op = operation();
        int depth = List.of(50, 999, 1001, 5000, 20_000).get(random.nextInt(5));
        StringBuilder sb = new StringBuilder("{\"" + service.secretMember + "\":\"" + plant() + "\",\""
                + service.idMember + "\":");
        boolean objects = random.nextBoolean();
        for (int i = 0; i < depth; i++) {
            sb.append(objects ? "{\"a\":" : "[");
        }
        sb.append("1");
        for (int i = 0; i < depth; i++) {
            sb.append(objects ? "}" : "]");
        }
        sb.append('}');
        // The id member is a string in every shape that has it; elsewhere it is an unknown member and a
        // shallow nesting is ignored, so only the deep ones promise an error.
        boolean hasId = java.util.Arrays.stream(service.inputs.get(op).getRecordComponents())
                .anyMatch(rc -> wireName(rc).equals(service.idMember));
        Expect expect = hasId || depth > 1000 ? Expect.ERROR : Expect.ANY;
        return signedCase("deeply-nested", expect, op, sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    private Case nonUtf8() {
        // The bad bytes go into a string member the operation reads: a parser may skip unknown members
        // without decoding them, which is fine.
        Map.Entry<String, String> read = oneOf(service.stringMembers());
        String op = read.getKey();
        byte[] prefix = ("{\"" + service.secretMember + "\":\"" + plant() + "\",\"" + read.getValue() + "\":\"")
                .getBytes(StandardCharsets.UTF_8);
        int kind = random.nextInt(4);
        byte[] bad = switch (kind) {
            case 0 -> new byte[]{(byte) 0xff, (byte) 0xfe};
            case 1 -> new byte[]{(byte) 0xc3};           // a lone lead byte
            case 2 -> new byte[]{(byte) 0xed, (byte) 0xa0, (byte) 0x80}; // an encoded surrogate
            default -> new byte[]{(byte) 0x80, 'a'};     // a lone continuation byte
        };
        byte[] suffix = "\"}".getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[prefix.length + bad.length + suffix.length];
        System.arraycopy(prefix, 0, body, 0, prefix.length);
        System.arraycopy(bad, 0, body, prefix.length, bad.length);
        System.arraycopy(suffix, 0, body, prefix.length + bad.length, suffix.length);
        Expect expect = Expect.ERROR;
        if (random.nextInt(3) == 0) {
            // UTF-16 with a BOM: JSON parsers may detect it (RFC 8259 leaves it open); never a 5xx.
            body = ("{\"" + service.idMember + "\":\"" + someName() + "\"}").getBytes(StandardCharsets.UTF_16);
            expect = Expect.ANY;
        }
        return signedCase("non-utf8", expect, op, body);
    }

    private Case badTarget() {
        byte[] body = bytes(NODES.objectNode().put(service.idMember, someName()));
        String prefix = service.targetPrefix;
        String read = service.readOperation();
        String target = switch (random.nextInt(12)) {
            case 0 -> null;
            case 1 -> "";
            case 2 -> prefix;
            case 3 -> prefix.substring(0, prefix.length() - 1);
            case 4 -> ".";
            case 5 -> prefix + Character.toLowerCase(read.charAt(0)) + read.substring(1);
            case 6 -> prefix + read + ".Extra";
            case 7 -> oneOf(service.foreignTargets()); // another service's operation, or one Homeport lacks
            case 8 -> prefix + "A".repeat(5000);
            case 9 -> prefix + read.substring(0, 3) + "\u00e9" + read.substring(3); // a Latin-1 byte on the wire
            case 10 -> "   ";
            default -> prefix + "NoSuchOperation";
        };
        List<Header> headers;
        if (target != null && target.isBlank()) {
            headers = sign(null, body);
            headers.add(new Header("X-Amz-Target", target));
        } else {
            headers = sign(target, body);
        }
        // Another service's target fails authentication: its scope names this service.
        return new Case("bad-target", Expect.ERROR, target, headers, body).failingAuthentication();
    }

    private Case badAuthorization() {
        String op = operation();
        String target = service.targetPrefix + op;
        ObjectNode in = baseline(service.inputs.get(op));
        in.put(service.secretMember, plant());
        byte[] body = bytes(in);
        List<Header> headers = new ArrayList<>(sign(target, body));
        int which = random.nextInt(18);
        if (which == 0) {
            headers.removeIf(h -> h.name().equalsIgnoreCase("Authorization"));
        } else if (which == 1) {
            // A valid signature with a different key or region, or for another body.
            String[] variant = List.of(new String[]{"nobody", "test"}, new String[]{"test", "wrong"})
                    .get(random.nextInt(2));
            headers = new ArrayList<>(RawHttp.signed(server.port(), target, body, Instant.now(), variant[0], variant[1],
                    "us-east-1", service.signingName));
        } else if (which == 2) {
            headers = new ArrayList<>(sign(target, "{}".getBytes(StandardCharsets.UTF_8)));
        } else {
            String auth = headers.stream().filter(h -> h.name().equalsIgnoreCase("Authorization")).findFirst()
                    .orElseThrow().value();
            headers.removeIf(h -> h.name().equalsIgnoreCase("Authorization"));
            String garbled = switch (which) {
                case 3 -> "";
                case 4 -> "AWS4-HMAC-SHA256";
                case 5 -> "AWS4-HMAC-SHA256 ";
                case 6 -> auth.replace("AWS4-HMAC-SHA256", "AWS4-HMAC-SHA1");
                case 7 -> auth.replaceFirst("Credential=[^,]*", "Credential=test/20261128/us-east-1/aws4_request");
                case 8 -> auth.replaceFirst("Credential=[^,]*", "Credential=");
                case 9 -> auth.replaceFirst("Signature=.*", "Signature=zz");
                case 10 -> auth.replaceFirst("Signature=.*", "Signature=abc");
                case 11 -> auth.replaceFirst("SignedHeaders=[^,]*", "SignedHeaders=");
                case 12 -> auth.replaceFirst("SignedHeaders=[^,]*", "SignedHeaders=;;;");
                case 13 -> auth.replaceFirst("SignedHeaders=[^,]*", "SignedHeaders=host;x-nonexistent;x-amz-date");
                case 14 -> auth.replaceFirst("SignedHeaders=[^,]*", "SignedHeaders=host;a b;(\u00e9)");
                case 15 -> auth.replaceFirst("aws4_request", "aws4_request/extra");
                case 16 -> auth + ", Credential=other/x/y/z/aws4_request" + "=".repeat(random.nextInt(3));
                default -> {
                    byte[] junk = new byte[1 + random.nextInt(300)];
                    random.nextBytes(junk);
                    StringBuilder sb = new StringBuilder();
                    for (byte b : junk) {
                        int c = b & 0xff;
                        sb.append(c < 0x20 || c == 0x7f ? 'x' : (char) c);
                    }
                    yield sb.toString();
                }
            };
            headers.add(new Header("Authorization", garbled));
        }
        return new Case("bad-auth", Expect.ERROR, target, headers, body).failingAuthentication();
    }

    private Case badDate() {
        String op = operation();
        String target = service.targetPrefix + op;
        byte[] body = bytes(baseline(service.inputs.get(op)));
        int which = random.nextInt(8);
        if (which < 2) {
            // Correctly signed, at a time too far from the server's clock.
            Instant at = Instant.now().plus(Duration.ofMinutes(which == 0 ? -16 - random.nextInt(10_000) : 16 + random.nextInt(10_000)));
            return new Case("bad-date", Expect.ERROR, target,
                    RawHttp.signed(server.port(), target, body, at, "test", "test", "us-east-1", service.signingName),
                    body).failingAuthentication();
        }
        List<Header> headers = new ArrayList<>(sign(target, body));
        headers.removeIf(h -> h.name().equalsIgnoreCase("X-Amz-Date"));
        switch (which) {
            case 2 -> headers.add(new Header("X-Amz-Date", "20261399T999999Z"));
            case 3 -> headers.add(new Header("X-Amz-Date", ""));
            case 4 -> headers.add(new Header("X-Amz-Date", "yesterday"));
            case 5 -> headers.add(new Header("Date", "Sun, 31 Feb 2026 25:61:00 GMT"));
            case 6 -> headers.add(new Header("X-Amz-Date", AMZ_DATE.format(Instant.now()) + "\u00ff"));
            default -> {
                // no date at all
            }
        }
        return new Case("bad-date", Expect.ERROR, target, headers, body).failingAuthentication();
    }

    private Case numberEdgeCases() {
        Map.Entry<String, String> numeric = oneOf(service.numberMembers());
        String op = numeric.getKey();
        String member = numeric.getValue();
        String number = List.of("1e999999999", "-0", "0", "-1", "9223372036854775808", "2147483648",
                "1" + "0".repeat(2000), "NaN", "-Infinity", "0x10", "01").get(random.nextInt(11));
        String body = "{\"" + member + "\":" + number + ",\"" + service.idMember + "\":\"" + someName() + "\"}";
        // Some of these are in range (0, 01 is invalid JSON, -0); only promise "no 5xx".
        return signedCase("number-edge", Expect.ANY, op, body.getBytes(StandardCharsets.UTF_8));
    }

    private Case oversized() {
        int size = random.nextInt(3) == 0 ? 5 * 1024 * 1024 : 1024 * 1024 + 1 + random.nextInt(1000);
        byte[] body = ("{\"" + service.secretMember + "\":\"" + plant() + "x".repeat(size) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        return signedCase("oversized", Expect.ERROR, service.writeOperation(), body);
    }

    // ------------------------------------------------------------------ the services

    /**
     * One JSON service under fuzz: its wire (signing name, target prefix), its request shapes (the
     * records the server deserializes into), the members the generic cases put things in, the
     * service's own valid, broken and huge requests, and the bookkeeping that lets the final check
     * say what must exist.
     */
    private abstract class Service {
        final String signingName;
        final String targetPrefix;
        /** Request shapes by operation name, straight from the records the server deserializes into. */
        final Map<String, Class<?>> inputs = new TreeMap<>();
        /** A member that carries a secret value: every plant goes there. */
        final String secretMember;
        /** A string member naming the resource, in most of the service's requests. */
        final String idMember;

        Service(String signingName, String targetPrefix, Class<?> shapes, String secretMember, String idMember) {
            this.signingName = signingName;
            this.targetPrefix = targetPrefix;
            this.secretMember = secretMember;
            this.idMember = idMember;
            for (Class<?> c : shapes.getDeclaredClasses()) {
                if (c.isRecord() && c.getSimpleName().endsWith("Request")) {
                    inputs.put(c.getSimpleName().substring(0, c.getSimpleName().length() - "Request".length()), c);
                }
            }
        }

        /** Operations whose shapes must have been found (a renamed shapes class would otherwise fuzz nothing). */
        abstract String[] requiredOperations();

        /** The resource names the requests use, a few of them over and over so that they exist. */
        abstract List<String> names();

        /** An operation that reads, for misspelled targets. */
        abstract String readOperation();

        /** The operation that writes a secret value, for oversized bodies. */
        abstract String writeOperation();

        /** Targets this service must refuse although signed for it: other services', operations Homeport lacks. */
        abstract List<String> foreignTargets();

        /** Operations with a string member they read, for bytes that are not UTF-8. */
        abstract List<Map.Entry<String, String>> stringMembers();

        /** Operations with a number member, for numbers at and beyond the edges. */
        abstract List<Map.Entry<String, String>> numberMembers();

        /** Valid requests, so the fuzz also runs against resources that exist and have versions. */
        abstract Case validMix();

        /** Writes that deserialize fine but are invalid: none of them may leave anything behind. */
        abstract Case brokenWrite();

        /** Strings far over their limits. */
        abstract Case hugeStrings();

        /** A baseline value for a string member. */
        JsonNode stringFor(String member) {
            return NODES.textNode("x");
        }

        /** A baseline element for a list of strings. */
        String elementFor(String member) {
            return "k";
        }

        int numberFor(String member) {
            return 5;
        }

        /** Whether a baseline leaves a member out (one that would make it invalid, or destructive). */
        boolean leftOut(String member) {
            return false;
        }

        /** Last touches to a baseline of {@code record}: members that exclude each other, filter keys. */
        void adjust(Class<?> record, ObjectNode node) {
        }

        /** Bookkeeping of a successful request, for the final check. */
        abstract void record(String operation, JsonNode in, JsonNode out);

        /** What the successful writes left, for the summary line. */
        abstract String written();

        /** Adds a failure for each resource that is not as the successful writes left it; says what it checked. */
        abstract String checkNothingHalfWritten();
    }

    /** Secrets Manager: secrets with versions and staging labels, values in SecretString or SecretBinary. */
    private final class SecretsManager extends Service {
        private final Map<String, String> arnsByName = new HashMap<>();
        private final Map<String, List<String>> versionsByName = new HashMap<>();
        private final Set<String> createdArns = new HashSet<>();
        private final Set<String> purgedArns = new HashSet<>();

        SecretsManager() {
            super("secretsmanager", "secretsmanager.", SecretsManagerShapes.class, "SecretString", "SecretId");
        }

        @Override
        String[] requiredOperations() {
            return new String[]{"CreateSecret", "PutSecretValue", "UpdateSecret", "GetSecretValue", "ListSecrets",
                    "BatchGetSecretValue", "TagResource"};
        }

        @Override
        List<String> names() {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                out.add("fuzz/" + i + (i % 3 == 0 ? "-AbCdEf" : ""));
            }
            return out;
        }

        @Override
        String readOperation() {
            return "GetSecretValue";
        }

        @Override
        String writeOperation() {
            return "PutSecretValue";
        }

        @Override
        List<String> foreignTargets() {
            return List.of("AmazonSSM.GetParameter");
        }

        @Override
        List<Map.Entry<String, String>> stringMembers() {
            return List.of(Map.entry("CreateSecret", "Name"), Map.entry("PutSecretValue", "SecretId"),
                    Map.entry("GetSecretValue", "SecretId"), Map.entry("ListSecrets", "NextToken"));
        }

        @Override
        List<Map.Entry<String, String>> numberMembers() {
            return List.of(Map.entry("ListSecrets", "MaxResults"), Map.entry("DeleteSecret", "RecoveryWindowInDays"),
                    Map.entry("GetRandomPassword", "PasswordLength"), Map.entry("ListSecretVersionIds", "MaxResults"),
                    Map.entry("BatchGetSecretValue", "MaxResults"));
        }

        /** A SecretId for an existing or a missing secret, spelled as a name, a full ARN or a partial ARN. */
        private String someSecretId() {
            String name = someName();
            String arn = arnsByName.get(name);
            int how = random.nextInt(4);
            if (arn != null && how == 1) {
                return arn;
            }
            if (arn != null && how == 2) {
                return arn.substring(0, arn.length() - 7);
            }
            return name;
        }

        @Override
        Case validMix() {
            ObjectNode in = NODES.objectNode();
            String op;
            switch (random.nextInt(14)) {
                case 0, 1, 2 -> {
                    op = "CreateSecret";
                    in.put("Name", someName()).put("ClientRequestToken", token());
                    if (random.nextInt(4) == 0) {
                        in.put("SecretBinary",
                                Base64.getEncoder().encodeToString(plant().getBytes(StandardCharsets.UTF_8)));
                    } else {
                        in.put("SecretString", plant());
                    }
                    if (random.nextBoolean()) {
                        in.put("Description", "fuzzed " + random.nextInt(1000));
                        in.putArray("Tags").addObject().put("Key", "k" + random.nextInt(3)).put("Value", "v");
                    }
                }
                case 3, 4 -> {
                    op = "PutSecretValue";
                    in.put("SecretId", someSecretId()).put("ClientRequestToken", token()).put("SecretString", plant());
                    if (random.nextInt(4) == 0) {
                        in.putArray("VersionStages").add("AWSPENDING");
                    }
                }
                case 5 -> {
                    op = "UpdateSecret";
                    in.put("SecretId", someSecretId()).put("ClientRequestToken", token()).put("SecretString", plant())
                            .put("Description", "updated");
                }
                case 6 -> {
                    op = "GetSecretValue";
                    in.put("SecretId", someSecretId());
                }
                case 7 -> {
                    op = "DescribeSecret";
                    in.put("SecretId", someSecretId());
                }
                case 8 -> {
                    op = "ListSecrets";
                    in.put("MaxResults", 1 + random.nextInt(5));
                    in.putArray("Filters").addObject().put("Key", "all").putArray("Values").add("fuzz");
                }
                case 9 -> {
                    op = "ListSecretVersionIds";
                    in.put("SecretId", someSecretId()).put("IncludeDeprecated", true);
                }
                case 10 -> {
                    op = "DeleteSecret";
                    in.put("SecretId", someSecretId());
                    if (random.nextBoolean()) {
                        in.put("ForceDeleteWithoutRecovery", true);
                    } else {
                        in.put("RecoveryWindowInDays", 7);
                    }
                }
                case 11 -> {
                    op = "RestoreSecret";
                    in.put("SecretId", someSecretId());
                }
                case 12 -> {
                    op = "BatchGetSecretValue";
                    ArrayNode ids = in.putArray("SecretIdList");
                    for (int i = 0; i < 1 + random.nextInt(4); i++) {
                        ids.add(someSecretId());
                    }
                }
                default -> {
                    op = "TagResource";
                    in.put("SecretId", someSecretId());
                    in.putArray("Tags").addObject().put("Key", "k" + random.nextInt(60)).put("Value", "v");
                }
            }
            return signedCase("valid", Expect.ANY, op, bytes(in));
        }

        @Override
        Case brokenWrite() {
            ObjectNode in = NODES.objectNode();
            String fresh = "broken/" + random.nextInt(1_000_000);
            String op;
            Expect expect = Expect.ERROR;
            int which = random.nextInt(20);
            if (which < 10) {
                op = "CreateSecret";
                in.put("Name", fresh).put("ClientRequestToken", token()).put("SecretString", plant());
                switch (which) {
                    case 0 -> in.put("SecretBinary", Base64.getEncoder().encodeToString(new byte[]{1, 2}));
                    case 1 -> in.put("Description", "d".repeat(2049));
                    case 2 -> in.putArray("Tags").add(NODES.objectNode().put("Key", "a"))
                            .add(NODES.objectNode().put("Key", "a"));
                    case 3 -> {
                        ArrayNode tags = in.putArray("Tags");
                        for (int i = 0; i < 51; i++) {
                            tags.addObject().put("Key", "k" + i).put("Value", "v");
                        }
                    }
                    case 4 -> in.put("ClientRequestToken", "short");
                    case 5 -> in.putArray("AddReplicaRegions").addObject().put("Region", "not a region");
                    case 6 -> in.putArray("AddReplicaRegions").addObject().put("Region", "us-east-1");
                    case 7 -> in.putArray("AddReplicaRegions").add(NODES.objectNode().put("Region", "eu-west-1"))
                            .add(NODES.objectNode().put("Region", "eu-west-1"));
                    case 8 -> in.put("SecretString", "");
                    default -> in.putArray("Tags").addObject().put("Key", "").put("Value", "v");
                }
            } else if (which < 16) {
                op = "PutSecretValue";
                in.put("SecretId", someSecretId()).put("ClientRequestToken", token()).put("SecretString", plant());
                switch (which) {
                    case 10 -> in.putArray("VersionStages");
                    case 11 -> in.putArray("VersionStages").add("");
                    case 12 -> {
                        ArrayNode stages = in.putArray("VersionStages");
                        for (int i = 0; i < 21; i++) {
                            stages.add("S" + i);
                        }
                    }
                    case 13 -> in.remove("SecretString");
                    case 14 -> {
                        // A version id that exists, with another value: versions are immutable.
                        List<String> known = versionsByName.get(someName());
                        if (known == null || known.isEmpty()) {
                            in.put("ClientRequestToken", "x".repeat(65));
                        } else {
                            in.put("SecretId", arnsByName.getOrDefault(someName(), "missing"));
                            in.put("ClientRequestToken", known.get(random.nextInt(known.size())));
                            expect = Expect.ANY; // the id may belong to another secret: then it is a new version
                        }
                    }
                    default -> in.put("SecretString", "s".repeat(65_537) + plant());
                }
            } else {
                op = "UpdateSecret";
                in.put("SecretId", someSecretId()).put("ClientRequestToken", token()).put("SecretString", plant());
                switch (which) {
                    case 16 -> in.put("Description", "d".repeat(2049));
                    case 17 -> in.put("ClientRequestToken", "short");
                    case 18 -> in.put("SecretBinary", Base64.getEncoder().encodeToString(new byte[]{1}));
                    default -> in.put("KmsKeyId", "k".repeat(2049));
                }
            }
            return signedCase("broken-write", expect, op, bytes(in));
        }

        @Override
        Case hugeStrings() {
            ObjectNode in = NODES.objectNode();
            String op;
            switch (random.nextInt(5)) {
                case 0 -> {
                    op = "CreateSecret";
                    in.put("Name", "n".repeat(513 + random.nextInt(200_000))).put("ClientRequestToken", token())
                            .put("SecretString", plant());
                }
                case 1 -> {
                    op = "CreateSecret";
                    in.put("Name", "huge/" + random.nextInt(1000)).put("ClientRequestToken", token())
                            .put("SecretString", plant() + "x".repeat(65_537 + random.nextInt(300_000)));
                }
                case 2 -> {
                    op = "PutSecretValue";
                    // Multi-byte characters: within 65,536 chars, over 65,536 bytes.
                    in.put("SecretId", someSecretId()).put("ClientRequestToken", token())
                            .put("SecretString", plant() + "\u00e9".repeat(40_000));
                }
                case 3 -> {
                    op = "GetSecretValue";
                    in.put("SecretId", "arn:aws:secretsmanager:us-east-1:000000000000:secret:" + "a".repeat(300_000));
                }
                default -> {
                    op = "PutSecretValue";
                    in.put("SecretId", someSecretId()).put("ClientRequestToken", token())
                            .put("SecretBinary", Base64.getEncoder().encodeToString(
                                    (plant() + "b".repeat(70_000)).getBytes(StandardCharsets.UTF_8)));
                }
            }
            return signedCase("huge-string", Expect.ERROR, op, bytes(in));
        }

        @Override
        JsonNode stringFor(String member) {
            return switch (member) {
                case "SecretId" -> NODES.textNode(someSecretId());
                case "Name" -> NODES.textNode(someName());
                case "ClientRequestToken", "VersionId", "MoveToVersionId", "RemoveFromVersionId", "RotationToken" ->
                        NODES.textNode(token());
                case "SecretString" -> NODES.textNode(plant());
                case "VersionStage" -> NODES.textNode("AWSCURRENT");
                case "Region" -> NODES.textNode("eu-west-1");
                case "Key" -> NODES.textNode("k");
                case "Type", "SortOrder", "SortBy", "Duration", "ScheduleExpression", "ResourcePolicy",
                     "NextToken", "RotationLambdaARN", "ExternalSecretRotationRoleArn", "KmsKeyId" -> NODES.nullNode();
                default -> NODES.textNode("x");
            };
        }

        @Override
        String elementFor(String member) {
            return switch (member) {
                case "VersionStages" -> "AWSCURRENT";
                case "SecretIdList" -> someSecretId();
                case "RemoveReplicaRegions" -> "eu-west-1";
                default -> "k";
            };
        }

        @Override
        int numberFor(String member) {
            return switch (member) {
                case "RecoveryWindowInDays" -> 7;
                case "PasswordLength" -> 20;
                case "AutomaticallyAfterDays" -> 30;
                default -> 5;
            };
        }

        @Override
        boolean leftOut(String member) {
            // Each would make an otherwise valid baseline invalid, or destructive.
            return member.equals("SecretBinary") || member.equals("AddReplicaRegions")
                    || member.equals("ForceDeleteWithoutRecovery")
                    || (member.equals("Filters") && random.nextBoolean());
        }

        @Override
        void adjust(Class<?> record, ObjectNode node) {
            if (node.has("SecretIdList") && node.has("Filters")) {
                node.remove(random.nextBoolean() ? "SecretIdList" : "Filters"); // BatchGetSecretValue takes one
            }
            if (record == SecretsManagerShapes.Filter.class) {
                node.put("Key", List.of("name", "all", "description", "tag-key").get(random.nextInt(4)));
                node.putArray("Values").add(random.nextBoolean() ? "fuzz" : "!fuzz/1");
            }
        }

        @Override
        void record(String operation, JsonNode in, JsonNode out) {
            switch (operation) {
                case "CreateSecret" -> {
                    createdArns.add(out.path("ARN").asText());
                    arnsByName.put(out.path("Name").asText(), out.path("ARN").asText());
                    if (out.hasNonNull("VersionId")) {
                        versionsByName.computeIfAbsent(out.path("Name").asText(), k -> new ArrayList<>())
                                .add(out.path("VersionId").asText());
                    }
                }
                case "PutSecretValue", "UpdateSecret" -> {
                    if (out.hasNonNull("VersionId")) {
                        versionsByName.computeIfAbsent(out.path("Name").asText(), k -> new ArrayList<>())
                                .add(out.path("VersionId").asText());
                    }
                }
                case "DeleteSecret" -> {
                    if (in.path("ForceDeleteWithoutRecovery").asBoolean(false)) {
                        purgedArns.add(out.path("ARN").asText());
                        arnsByName.remove(out.path("Name").asText());
                        versionsByName.remove(out.path("Name").asText());
                    }
                }
                default -> {
                }
            }
        }

        @Override
        String written() {
            return createdArns.size() + " secrets created, " + purgedArns.size() + " purged";
        }

        @Override
        String checkNothingHalfWritten() {
            try (SecretsManagerClient sm = server.client(SecretsManagerClient.builder())) {
                Set<String> listed = new HashSet<>();
                List<SecretListEntry> entries = new ArrayList<>();
                sm.listSecretsPaginator(b -> b.includePlannedDeletion(true).maxResults(100)).stream()
                        .flatMap(page -> page.secretList().stream()).forEach(e -> {
                            listed.add(e.arn());
                            entries.add(e);
                        });
                Set<String> expected = new HashSet<>(createdArns);
                expected.removeAll(purgedArns);
                if (!listed.equals(expected)) {
                    Set<String> extra = new HashSet<>(listed);
                    extra.removeAll(expected);
                    Set<String> missing = new HashSet<>(expected);
                    missing.removeAll(listed);
                    failures.add("secrets that exist but no CreateSecret succeeded for: " + extra
                            + "; secrets whose CreateSecret succeeded but are gone: " + missing);
                }
                for (SecretListEntry e : entries) {
                    checkComplete(sm, e);
                }
                return entries.size() + " secrets checked after fuzzing";
            }
        }

        private void checkComplete(SecretsManagerClient sm, SecretListEntry e) {
            String arn = e.arn();
            DescribeSecretResponse d;
            try {
                d = sm.describeSecret(b -> b.secretId(arn));
            } catch (RuntimeException ex) {
                failures.add("DescribeSecret " + arn + " failed: " + ex);
                return;
            }
            Map<String, List<String>> stages = d.versionIdsToStages();
            Map<String, String> labelOwner = new HashMap<>();
            for (Map.Entry<String, List<String>> v : stages.entrySet()) {
                for (String label : v.getValue()) {
                    String previous = labelOwner.put(label, v.getKey());
                    if (previous != null) {
                        failures.add(arn + ": label " + label + " on two versions " + previous + " and " + v.getKey());
                    }
                }
            }
            boolean hasVersions = !stages.isEmpty();
            if (hasVersions && !labelOwner.containsKey("AWSCURRENT")) {
                // Possible only by moving labels by hand, which this fuzz does not do.
                failures.add(arn + ": versions but no AWSCURRENT: " + stages);
            }
            List<SecretVersionsListEntry> versions = new ArrayList<>();
            sm.listSecretVersionIdsPaginator(b -> b.secretId(arn).includeDeprecated(true)).stream()
                    .flatMap(page -> page.versions().stream()).forEach(versions::add);
            Map<String, List<String>> listedStages = new LinkedHashMap<>();
            for (SecretVersionsListEntry v : versions) {
                if (v.hasVersionStages() && !v.versionStages().isEmpty()) {
                    listedStages.put(v.versionId(), v.versionStages());
                }
            }
            if (!sortedValues(listedStages).equals(sortedValues(stages))) {
                failures.add(arn + ": ListSecretVersionIds " + listedStages + " != VersionIdsToStages " + stages);
            }
            if (d.deletedDate() != null) {
                return; // values of a secret scheduled for deletion can't be read
            }
            for (SecretVersionsListEntry v : versions) {
                try {
                    var value = sm.getSecretValue(b -> b.secretId(arn).versionId(v.versionId()));
                    String text = value.secretString() != null ? value.secretString()
                            : value.secretBinary().asUtf8String();
                    if (!text.startsWith(PLANT)) {
                        failures.add(arn + " version " + v.versionId() + ": unexpected value");
                    }
                } catch (RuntimeException ex) {
                    failures.add("GetSecretValue " + arn + " version " + v.versionId() + " failed: " + ex);
                }
            }
            if (labelOwner.containsKey("AWSCURRENT")) {
                try {
                    sm.getSecretValue(b -> b.secretId(arn));
                } catch (RuntimeException ex) {
                    failures.add("GetSecretValue AWSCURRENT of " + arn + " failed: " + ex);
                }
            }
        }

        private static Map<String, List<String>> sortedValues(Map<String, List<String>> m) {
            Map<String, List<String>> out = new TreeMap<>();
            m.forEach((k, v) -> out.put(k, v.stream().sorted().toList()));
            return out;
        }
    }

    /**
     * SSM Parameter Store: parameters with versions, labels and tags, values in {@code Value} (a
     * SecureString's sealed at rest). Its shapes are package-private to {@code dev.homeport.ssm}, so
     * they are found by name.
     */
    private final class Ssm extends Service {
        private static final String ARN_PREFIX = "arn:aws:ssm:us-east-1:000000000000:parameter";
        private final Set<String> existing = new TreeSet<>();
        private int puts;

        Ssm() throws ClassNotFoundException {
            super("ssm", "AmazonSSM.", Class.forName("dev.homeport.ssm.SsmShapes"), "Value", "Name");
        }

        @Override
        String[] requiredOperations() {
            return new String[]{"PutParameter", "GetParameter", "GetParameters", "GetParametersByPath",
                    "DescribeParameters", "DeleteParameters", "LabelParameterVersion", "AddTagsToResource"};
        }

        @Override
        List<String> names() {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                out.add("/fuzz/p" + i);
            }
            out.addAll(List.of("/fuzz/deep/p8", "/fuzz/deep/er/p9", "fuzzplain10", "fuzzplain11"));
            return out;
        }

        @Override
        String readOperation() {
            return "GetParameter";
        }

        @Override
        String writeOperation() {
            return "PutParameter";
        }

        @Override
        List<String> foreignTargets() {
            return List.of("secretsmanager.GetSecretValue", "AmazonSSM.SendCommand", "AmazonSSM.GetDocument",
                    "AmazonSSM.StartSession");
        }

        @Override
        List<Map.Entry<String, String>> stringMembers() {
            return List.of(Map.entry("PutParameter", "Name"), Map.entry("GetParameter", "Name"),
                    Map.entry("GetParametersByPath", "Path"), Map.entry("DescribeParameters", "NextToken"),
                    Map.entry("LabelParameterVersion", "Name"));
        }

        @Override
        List<Map.Entry<String, String>> numberMembers() {
            return List.of(Map.entry("DescribeParameters", "MaxResults"),
                    Map.entry("GetParametersByPath", "MaxResults"), Map.entry("GetParameterHistory", "MaxResults"),
                    Map.entry("LabelParameterVersion", "ParameterVersion"),
                    Map.entry("UnlabelParameterVersion", "ParameterVersion"));
        }

        /** A name, sometimes with a version or label selector (reads only: a delete would take the parameter). */
        private String someSelected() {
            return someName() + oneOf(List.of("", "", "", ":1", ":2", ":l1"));
        }

        private String fresh() {
            return "/broken/" + random.nextInt(1_000_000);
        }

        @Override
        Case validMix() {
            ObjectNode in = NODES.objectNode();
            String op;
            switch (random.nextInt(16)) {
                case 0, 1, 2 -> {
                    op = "PutParameter";
                    String type = oneOf(List.of("String", "StringList", "SecureString"));
                    boolean overwrite = random.nextBoolean();
                    in.put("Name", someName()).put("Value", plant()).put("Type", type).put("Overwrite", overwrite);
                    if (!overwrite && random.nextBoolean()) {
                        in.put("Description", "fuzzed " + random.nextInt(1000));
                        in.putArray("Tags").addObject().put("Key", "k" + random.nextInt(3)).put("Value", "v");
                    }
                    if (random.nextInt(5) == 0) {
                        in.put("Tier", oneOf(List.of("Standard", "Advanced", "Intelligent-Tiering")));
                    }
                    if (type.equals("SecureString") && random.nextBoolean()) {
                        in.put("KeyId", "alias/fuzz");
                    }
                }
                case 3 -> {
                    op = "GetParameter";
                    in.put("Name", someSelected()).put("WithDecryption", random.nextBoolean());
                }
                case 4 -> {
                    op = "GetParameters";
                    ArrayNode list = in.putArray("Names");
                    for (int i = 0; i < 1 + random.nextInt(4); i++) {
                        list.add(someSelected());
                    }
                    in.put("WithDecryption", random.nextBoolean());
                }
                case 5 -> {
                    op = "GetParametersByPath";
                    in.put("Path", oneOf(List.of("/fuzz", "/fuzz/deep/", "/"))).put("Recursive", random.nextBoolean())
                            .put("MaxResults", 1 + random.nextInt(10)).put("WithDecryption", random.nextBoolean());
                    if (random.nextBoolean()) {
                        in.putArray("ParameterFilters").addObject().put("Key", "Type").put("Option", "Equals")
                                .putArray("Values").add("SecureString");
                    }
                }
                case 6 -> {
                    op = "DescribeParameters";
                    in.put("MaxResults", 1 + random.nextInt(50));
                    ObjectNode filter = in.putArray("ParameterFilters").addObject();
                    switch (random.nextInt(5)) {
                        case 0 -> filter.put("Key", "Name").put("Option", "Contains").putArray("Values").add("fuzz");
                        case 1 -> filter.put("Key", "Path").put("Option", "Recursive").putArray("Values").add("/fuzz");
                        case 2 -> filter.put("Key", "Type").putArray("Values").add("SecureString");
                        case 3 -> filter.put("Key", "tag:k" + random.nextInt(3));
                        default -> filter.put("Key", "Name").put("Option", "BeginsWith").putArray("Values")
                                .add("/fuzz/p");
                    }
                }
                case 7 -> {
                    op = "GetParameterHistory";
                    in.put("Name", someName()).put("WithDecryption", random.nextBoolean())
                            .put("MaxResults", 1 + random.nextInt(50));
                }
                case 8 -> {
                    op = "LabelParameterVersion";
                    in.put("Name", someName()).putArray("Labels").add("l" + random.nextInt(3));
                    if (random.nextBoolean()) {
                        in.put("ParameterVersion", 1);
                    }
                }
                case 9 -> {
                    op = "UnlabelParameterVersion";
                    in.put("Name", someName()).put("ParameterVersion", 1 + random.nextInt(3))
                            .putArray("Labels").add("l" + random.nextInt(3));
                }
                case 10 -> {
                    op = "DeleteParameter";
                    in.put("Name", someName());
                }
                case 11 -> {
                    op = "DeleteParameters";
                    ArrayNode list = in.putArray("Names");
                    for (int i = 0; i < 1 + random.nextInt(3); i++) {
                        list.add(someName());
                    }
                }
                case 12 -> {
                    op = "AddTagsToResource";
                    in.put("ResourceType", "Parameter").put("ResourceId", someName());
                    in.putArray("Tags").addObject().put("Key", "k" + random.nextInt(60)).put("Value", "v");
                }
                case 13 -> {
                    op = "RemoveTagsFromResource";
                    in.put("ResourceType", "Parameter").put("ResourceId", someName());
                    in.putArray("TagKeys").add("k" + random.nextInt(60));
                }
                case 14 -> {
                    op = "ListTagsForResource";
                    in.put("ResourceType", "Parameter").put("ResourceId", someName());
                }
                default -> {
                    op = "GetParameter";
                    String name = someName();
                    in.put("Name", ARN_PREFIX + (name.startsWith("/") ? name : "/" + name));
                }
            }
            return signedCase("valid", Expect.ANY, op, bytes(in));
        }

        @Override
        Case brokenWrite() {
            ObjectNode in = NODES.objectNode();
            String op = "PutParameter";
            in.put("Name", fresh()).put("Value", plant()).put("Type", "String");
            switch (random.nextInt(20)) {
                case 0 -> in.put("Value", plant() + "x".repeat(4097));
                case 1 -> in.put("Value", plant() + "x".repeat(8193)).put("Tier", "Advanced");
                case 2 -> in.put("Type", "Number");
                case 3 -> in.remove("Type");
                case 4 -> {
                    in.put("Overwrite", true);
                    in.putArray("Tags").addObject().put("Key", "k").put("Value", "v");
                }
                case 5 -> in.put("Name", oneOf(List.of("/aws/", "/ssm/", "aws-", "SSM")) + random.nextInt(1000));
                case 6 -> in.put("Name", fresh() + oneOf(List.of(" x", "//x", "/", "/x?", "\u00e9")));
                case 7 -> in.put("Name", fresh() + "/a/b/c/d/e/f/g/h/i/j/k/l/m/n");
                case 8 -> in.put("AllowedPattern", "[0-9");
                case 9 -> in.put("AllowedPattern", "^\\d+$");
                case 10 -> in.put("DataType", "Text");
                case 11 -> in.put("Tier", "Premium");
                case 12 -> in.put("Value", "");
                case 13 -> in.put("Description", "d".repeat(1025));
                case 14 -> {
                    ArrayNode tags = in.putArray("Tags");
                    for (int i = 0; i < 51; i++) {
                        tags.addObject().put("Key", "k" + i).put("Value", "v");
                    }
                }
                case 15 -> in.putArray("Tags").addObject().put("Key", "").put("Value", "v");
                case 16 -> {
                    if (existing.isEmpty()) {
                        in.put("Value", "");
                    } else {
                        in.put("Name", oneOf(List.copyOf(existing))); // exists, and no Overwrite
                    }
                }
                case 17 -> in.put("KeyId", "k".repeat(257)).put("Type", "SecureString");
                case 18 -> {
                    op = "LabelParameterVersion";
                    in.removeAll();
                    ArrayNode labels = in.put("Name", someName()).putArray("Labels");
                    for (int i = 0; i < 11; i++) {
                        labels.add("l" + i);
                    }
                }
                default -> {
                    op = "AddTagsToResource";
                    in.removeAll();
                    in.put("ResourceType", "Document").put("ResourceId", someName());
                    in.putArray("Tags").addObject().put("Key", "k").put("Value", "v");
                }
            }
            return signedCase("broken-write", Expect.ERROR, op, bytes(in));
        }

        @Override
        Case hugeStrings() {
            ObjectNode in = NODES.objectNode();
            String op = "PutParameter";
            switch (random.nextInt(5)) {
                case 0 -> in.put("Name", "/n" + "n".repeat(2048 + random.nextInt(200_000))).put("Value", plant())
                        .put("Type", "String");
                case 1 -> in.put("Name", fresh()).put("Type", "String").put("Tier", "Advanced")
                        .put("Value", plant() + "x".repeat(8193 + random.nextInt(300_000)));
                // Multi-byte characters: within 4,096 chars, over 4,096 bytes.
                case 2 -> in.put("Name", fresh()).put("Type", "SecureString").put("Tier", "Standard")
                        .put("Value", plant() + "\u00e9".repeat(2100));
                case 3 -> {
                    op = "GetParameter";
                    in.put("Name", ARN_PREFIX + "/" + "a".repeat(300_000));
                }
                default -> {
                    op = "DescribeParameters";
                    in.putArray("ParameterFilters").addObject().put("Key", "Name")
                            .putArray("Values").add("v".repeat(1025 + random.nextInt(100_000)));
                }
            }
            return signedCase("huge-string", Expect.ERROR, op, bytes(in));
        }

        @Override
        JsonNode stringFor(String member) {
            return switch (member) {
                case "Name", "ResourceId" -> NODES.textNode(someName());
                case "Value" -> NODES.textNode(plant());
                case "Path" -> NODES.textNode("/fuzz");
                case "Type" -> NODES.textNode("String");
                case "ResourceType" -> NODES.textNode("Parameter");
                case "Tier" -> NODES.textNode("Standard");
                case "DataType" -> NODES.textNode("text");
                case "Key" -> NODES.textNode("k");
                case "AllowedPattern", "KeyId", "Policies", "NextToken", "Description" -> NODES.nullNode();
                default -> NODES.textNode("x");
            };
        }

        @Override
        String elementFor(String member) {
            return switch (member) {
                case "Names" -> someName(); // no selector: DeleteParameters would take the whole parameter
                case "Labels" -> "l1";
                case "Values" -> "String";
                default -> "k";
            };
        }

        @Override
        int numberFor(String member) {
            return member.equals("ParameterVersion") ? 1 : 5;
        }

        @Override
        void adjust(Class<?> record, ObjectNode node) {
            if (node.has("Filters") && node.has("ParameterFilters")) {
                node.remove(random.nextBoolean() ? "Filters" : "ParameterFilters"); // DescribeParameters takes one
            }
            switch (record.getSimpleName()) {
                // Type is a key both DescribeParameters and GetParametersByPath take, with both options.
                case "ParameterStringFilter" -> node.put("Key", "Type").put("Option", "Equals");
                case "ParametersFilter" -> node.put("Key", "Type");
                case "Tag" -> node.put("Value", "v"); // a tag's value is no secret: it may be echoed
                default -> {
                }
            }
        }

        @Override
        void record(String operation, JsonNode in, JsonNode out) {
            switch (operation) {
                case "PutParameter" -> {
                    existing.add(in.path("Name").asText());
                    puts++;
                }
                case "DeleteParameter" -> existing.remove(in.path("Name").asText());
                case "DeleteParameters" -> out.path("DeletedParameters").forEach(n -> existing.remove(n.asText()));
                default -> {
                }
            }
        }

        @Override
        String written() {
            return puts + " puts succeeded, " + existing.size() + " parameters left";
        }

        @Override
        String checkNothingHalfWritten() {
            try (SsmClient ssm = server.client(SsmClient.builder())) {
                Set<String> listed = new TreeSet<>();
                Map<String, Long> described = new HashMap<>();
                ssm.describeParametersPaginator(b -> b.maxResults(50)).stream()
                        .flatMap(page -> page.parameters().stream()).forEach((ParameterMetadata m) -> {
                            listed.add(m.name());
                            described.put(m.name(), m.version());
                        });
                if (!listed.equals(existing)) {
                    Set<String> extra = new TreeSet<>(listed);
                    extra.removeAll(existing);
                    Set<String> missing = new TreeSet<>(existing);
                    missing.removeAll(listed);
                    failures.add("parameters that exist but no PutParameter succeeded for (or were deleted): " + extra
                            + "; parameters put but gone: " + missing);
                }
                for (String name : listed) {
                    checkComplete(ssm, name, described.get(name));
                }
                return listed.size() + " parameters checked after fuzzing";
            }
        }

        /** Every kept version readable and one of ours, labels on one version each, the latest the newest. */
        private void checkComplete(SsmClient ssm, String name, Long describedVersion) {
            List<ParameterHistory> history = new ArrayList<>();
            try {
                ssm.getParameterHistoryPaginator(b -> b.name(name).withDecryption(true)).stream()
                        .flatMap(page -> page.parameters().stream()).forEach(history::add);
            } catch (RuntimeException e) {
                failures.add("GetParameterHistory " + name + " failed: " + e);
                return;
            }
            Map<String, Long> labelOwner = new HashMap<>();
            long previous = 0;
            for (ParameterHistory h : history) {
                if (h.version() <= previous) {
                    failures.add(name + ": version " + h.version() + " after " + previous);
                }
                previous = h.version();
                if (h.value() == null || !h.value().startsWith(PLANT)) {
                    failures.add(name + " version " + h.version() + ": unexpected value");
                }
                for (String label : h.labels()) {
                    Long other = labelOwner.put(label, h.version());
                    if (other != null) {
                        failures.add(name + ": label " + label + " on versions " + other + " and " + h.version());
                    }
                }
            }
            if (history.isEmpty()) {
                failures.add(name + ": listed, but without versions");
                return;
            }
            ParameterHistory last = history.getLast();
            try {
                var latest = ssm.getParameter(b -> b.name(name).withDecryption(true)).parameter();
                if (latest.version() != last.version().longValue() || !latest.value().equals(last.value())
                        || latest.version() != describedVersion.longValue()) {
                    failures.add(name + ": GetParameter answers version " + latest.version() + ", the history ends "
                            + "at " + last.version() + ", DescribeParameters says " + describedVersion);
                }
                ssm.listTagsForResource(b -> b.resourceType("Parameter").resourceId(name));
            } catch (RuntimeException e) {
                failures.add("reading " + name + " after fuzzing failed: " + e);
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    private static String wireName(RecordComponent rc) {
        JsonProperty p = rc.getAccessor().getAnnotation(JsonProperty.class);
        if (p == null) {
            p = rc.getAnnotation(JsonProperty.class);
        }
        return p != null ? p.value() : Character.toUpperCase(rc.getName().charAt(0)) + rc.getName().substring(1);
    }

    private static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        return Object.class;
    }

    private static String describe(Case c) {
        return "[" + c.kind() + "] " + c.target() + " " + abbreviate(new String(c.body(), StandardCharsets.UTF_8), 300)
                + " headers=" + abbreviate(c.headers().toString(), 400);
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "...(" + s.length() + " chars)";
    }
}
