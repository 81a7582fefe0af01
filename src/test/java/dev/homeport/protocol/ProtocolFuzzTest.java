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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.SecretListEntry;
import software.amazon.awssdk.services.secretsmanager.model.SecretVersionsListEntry;

import java.io.IOException;
import java.lang.reflect.ParameterizedType;
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
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Throws several thousand malformed, hostile and valid requests at an in-process Homeport over real
 * HTTP on 127.0.0.1, most of them correctly signed so they reach the operations. Every answer must
 * be an AWS error (4xx, JSON with {@code __type}, a request id) or, for the valid ones, a success;
 * never a 5xx or a dropped connection; no error message may echo a secret value sent in the
 * request. Afterwards nothing may be half-written: every secret is complete and consistent, and
 * exactly the secrets whose CreateSecret succeeded exist.
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
    private static final String TARGET_PREFIX = "secretsmanager.";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private static HomeportServer server;

    /** Request shapes by operation name, straight from the records the server deserializes into. */
    private static final Map<String, Class<?>> INPUTS = new TreeMap<>();

    static {
        for (Class<?> c : SecretsManagerShapes.class.getDeclaredClasses()) {
            if (c.isRecord() && c.getSimpleName().endsWith("Request")) {
                INPUTS.put(c.getSimpleName().substring(0, c.getSimpleName().length() - "Request".length()), c);
            }
        }
    }

    private final Random random = new Random(SEED);
    private final List<String> names = new ArrayList<>();
    private final Map<String, String> arnsByName = new HashMap<>();
    private final Map<String, List<String>> versionsByName = new HashMap<>();
    private final Set<String> createdArns = new HashSet<>();
    private final Set<String> purgedArns = new HashSet<>();
    private final List<String> failures = new ArrayList<>();
    private final Map<String, Integer> kinds = new TreeMap<>();
    private final Map<String, Long> kindMillis = new TreeMap<>();
    private int plantCounter;

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

    private record Case(String kind, Expect expect, String target, List<Header> headers, byte[] body) {
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void hostileRequestsGetAwsErrorsAndLeaveNothingHalfWritten() throws Exception {
        assertThat(INPUTS).containsKeys("CreateSecret", "PutSecretValue", "UpdateSecret", "GetSecretValue",
                "ListSecrets", "BatchGetSecretValue", "TagResource");
        for (int i = 0; i < 12; i++) {
            names.add("fuzz/" + i + (i % 3 == 0 ? "-AbCdEf" : ""));
        }
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
        System.out.printf("ProtocolFuzzTest: %d requests in %d ms, seed %d, %d secrets created, %d purged%n",
                sent, millis, SEED, createdArns.size(), purgedArns.size());
        System.out.println("ProtocolFuzzTest: cases by kind " + kinds + ", ms by kind " + kindMillis);
        assertThat(failures).as("answers that broke the contract").isEmpty();
        assertThat(sent).as("requests sent within the time budget").isGreaterThanOrEqualTo(1000);
        checkNothingHalfWritten();
        assertThat(failures).as("inconsistent state after fuzzing").isEmpty();
    }

    // ------------------------------------------------------------------ sending and checking

    private RawHttp.Response send(Case c) {
        try {
            return RawHttp.post(server.port(), c.headers(), c.body());
        } catch (IOException e) {
            failures.add(describe(c) + " -> no answer: " + e);
            return null;
        }
    }

    private void check(Case c, RawHttp.Response r) throws IOException {
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
            if (r.bodyText().contains(PLANT) || message.contains(PLANT)) {
                failures.add("error echoes a secret value: " + where);
            }
            return;
        }
        record(c, body);
    }

    /** Bookkeeping of successful writes, for the final consistency check. */
    private void record(Case c, JsonNode out) throws IOException {
        String op = c.target() == null ? "" : c.target().substring(TARGET_PREFIX.length());
        switch (op) {
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
                JsonNode in = JSON.readTree(c.body());
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

    // ------------------------------------------------------------------ the cases

    private Case next() {
        int roll = random.nextInt(100);
        if (roll < 22) {
            return validMix();
        } else if (roll < 44) {
            return wrongType();
        } else if (roll < 56) {
            return brokenWrite();
        } else if (roll < 62) {
            return randomBytes();
        } else if (roll < 68) {
            return truncatedJson();
        } else if (roll < 72) {
            return deeplyNested();
        } else if (roll < 76) {
            return hugeStrings();
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
        String target = operation == null ? null : TARGET_PREFIX + operation;
        return new Case(kind, expect, target, sign(target, body), body);
    }

    private List<Header> sign(String target, byte[] body) {
        return RawHttp.signed(server.port(), target, body, Instant.now(), "test", "test", "us-east-1", "secretsmanager");
    }

    private String operation() {
        List<String> ops = new ArrayList<>(INPUTS.keySet());
        return ops.get(random.nextInt(ops.size()));
    }

    private String plant() {
        return PLANT + (plantCounter++) + "-" + Long.toHexString(random.nextLong());
    }

    private String someName() {
        return names.get(random.nextInt(names.size()));
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

    /** Valid requests, so the fuzz also runs against secrets that exist and have versions. */
    private Case validMix() {
        ObjectNode in = NODES.objectNode();
        String op;
        switch (random.nextInt(14)) {
            case 0, 1, 2 -> {
                op = "CreateSecret";
                in.put("Name", someName()).put("ClientRequestToken", token());
                if (random.nextInt(4) == 0) {
                    in.put("SecretBinary", Base64.getEncoder().encodeToString(plant().getBytes(StandardCharsets.UTF_8)));
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

    /** A plausible, valid-looking input for any shape, filled from the record's members. */
    private ObjectNode baseline(Class<?> record) {
        ObjectNode node = NODES.objectNode();
        for (RecordComponent rc : record.getRecordComponents()) {
            String member = wireName(rc);
            if (member.equals("SecretBinary") || member.equals("AddReplicaRegions")
                    || member.equals("ForceDeleteWithoutRecovery")) {
                continue; // each would make an otherwise valid baseline invalid, or destructive
            }
            if (member.equals("Filters") && random.nextBoolean()) {
                continue;
            }
            node.set(member, valueFor(member, rc.getGenericType()));
        }
        if (node.has("SecretIdList") && node.has("Filters")) {
            node.remove(random.nextBoolean() ? "SecretIdList" : "Filters"); // BatchGetSecretValue takes one
        }
        if (record == SecretsManagerShapes.Filter.class) {
            node.put("Key", List.of("name", "all", "description", "tag-key").get(random.nextInt(4)));
            node.putArray("Values").add(random.nextBoolean() ? "fuzz" : "!fuzz/1");
        }
        return node;
    }

    private JsonNode valueFor(String member, Type type) {
        Class<?> raw = rawClass(type);
        if (raw == String.class) {
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
        if (raw == byte[].class) {
            return NODES.textNode(Base64.getEncoder().encodeToString(plant().getBytes(StandardCharsets.UTF_8)));
        }
        if (raw == Boolean.class) {
            return NODES.booleanNode(false);
        }
        if (raw == Integer.class || raw == Long.class) {
            return NODES.numberNode(switch (member) {
                case "RecoveryWindowInDays" -> 7;
                case "PasswordLength" -> 20;
                case "AutomaticallyAfterDays" -> 30;
                default -> 5;
            });
        }
        if (raw == List.class) {
            Type element = ((ParameterizedType) type).getActualTypeArguments()[0];
            ArrayNode array = NODES.arrayNode();
            if (rawClass(element) == String.class) {
                array.add(switch (member) {
                    case "VersionStages" -> "AWSCURRENT";
                    case "SecretIdList" -> someSecretId();
                    case "RemoveReplicaRegions" -> "eu-west-1";
                    default -> "k";
                });
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
        Class<?> shape = INPUTS.get(op);
        ObjectNode in = baseline(shape);
        if (random.nextBoolean()) {
            in.put("SecretString", plant()); // a secret in the same request, to see it is never echoed
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

    /** Writes that deserialize fine but are invalid: none of them may leave anything behind. */
    private Case brokenWrite() {
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
                case 2 -> in.putArray("Tags").add(NODES.objectNode().put("Key", "a")).add(NODES.objectNode().put("Key", "a"));
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
        ObjectNode in = baseline(INPUTS.get(op));
        in.put("SecretString", plant());
        byte[] full = bytes(in);
        int keep = 1 + random.nextInt(full.length - 1);
        return signedCase("truncated-json", Expect.ERROR, op, java.util.Arrays.copyOf(full, keep));
    }

    private Case deeplyNested() {
        String op = operation();
        int depth = List.of(50, 999, 1001, 5000, 20_000).get(random.nextInt(5));
        StringBuilder sb = new StringBuilder("{\"SecretString\":\"" + plant() + "\",\"SecretId\":");
        boolean objects = random.nextBoolean();
        for (int i = 0; i < depth; i++) {
            sb.append(objects ? "{\"a\":" : "[");
        }
        sb.append("1");
        for (int i = 0; i < depth; i++) {
            sb.append(objects ? "}" : "]");
        }
        sb.append('}');
        // SecretId is a string in every shape that has it; elsewhere it is an unknown member and a
        // shallow nesting is ignored, so only the deep ones promise an error.
        boolean hasSecretId = java.util.Arrays.stream(INPUTS.get(op).getRecordComponents())
                .anyMatch(rc -> wireName(rc).equals("SecretId"));
        Expect expect = hasSecretId || depth > 1000 ? Expect.ERROR : Expect.ANY;
        return signedCase("deeply-nested", expect, op, sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    private Case hugeStrings() {
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

    private Case nonUtf8() {
        String op = List.of("CreateSecret", "PutSecretValue", "GetSecretValue", "ListSecrets").get(random.nextInt(4));
        // The bad bytes go into a string member the operation reads: a parser may skip unknown members
        // without decoding them, which is fine.
        String member = switch (op) {
            case "CreateSecret" -> "Name";
            case "ListSecrets" -> "NextToken";
            default -> "SecretId";
        };
        byte[] prefix = ("{\"SecretString\":\"" + plant() + "\",\"" + member + "\":\"").getBytes(StandardCharsets.UTF_8);
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
            body = ("{\"SecretId\":\"" + someName() + "\"}").getBytes(StandardCharsets.UTF_16);
            expect = Expect.ANY;
        }
        return signedCase("non-utf8", expect, op, body);
    }

    private Case badTarget() {
        byte[] body = bytes(NODES.objectNode().put("SecretId", someSecretId()));
        String target = switch (random.nextInt(12)) {
            case 0 -> null;
            case 1 -> "";
            case 2 -> "secretsmanager.";
            case 3 -> "secretsmanager";
            case 4 -> ".";
            case 5 -> "secretsmanager.getSecretValue";
            case 6 -> "secretsmanager.GetSecretValue.Extra";
            case 7 -> "AmazonSSM.GetParameter";
            case 8 -> "secretsmanager." + "A".repeat(5000);
            case 9 -> "secretsmanager.Get\u00e9SecretValue"; // a Latin-1 byte on the wire
            case 10 -> "   ";
            default -> "secretsmanager.NoSuchOperation";
        };
        List<Header> headers;
        if (target != null && target.isBlank()) {
            headers = sign(null, body);
            headers.add(new Header("X-Amz-Target", target));
        } else {
            headers = sign(target, body);
        }
        return new Case("bad-target", Expect.ERROR, target, headers, body);
    }

    private Case badAuthorization() {
        String op = operation();
        String target = TARGET_PREFIX + op;
        ObjectNode in = baseline(INPUTS.get(op));
        in.put("SecretString", plant());
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
                    "us-east-1", "secretsmanager"));
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
        return new Case("bad-auth", Expect.ERROR, target, headers, body);
    }

    private Case badDate() {
        String op = operation();
        String target = TARGET_PREFIX + op;
        byte[] body = bytes(baseline(INPUTS.get(op)));
        int which = random.nextInt(8);
        if (which < 2) {
            // Correctly signed, at a time too far from the server's clock.
            Instant at = Instant.now().plus(Duration.ofMinutes(which == 0 ? -16 - random.nextInt(10_000) : 16 + random.nextInt(10_000)));
            return new Case("bad-date", Expect.ERROR, target,
                    RawHttp.signed(server.port(), target, body, at, "test", "test", "us-east-1", "secretsmanager"), body);
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
        return new Case("bad-date", Expect.ERROR, target, headers, body);
    }

    private Case numberEdgeCases() {
        String op = List.of("ListSecrets", "DeleteSecret", "GetRandomPassword", "ListSecretVersionIds",
                "BatchGetSecretValue").get(random.nextInt(5));
        String member = switch (op) {
            case "DeleteSecret" -> "RecoveryWindowInDays";
            case "GetRandomPassword" -> "PasswordLength";
            default -> "MaxResults";
        };
        String number = List.of("1e999999999", "-0", "0", "-1", "9223372036854775808", "2147483648",
                "1" + "0".repeat(2000), "NaN", "-Infinity", "0x10", "01").get(random.nextInt(11));
        String body = "{\"" + member + "\":" + number + ",\"SecretId\":\"" + someName() + "\"}";
        // Some of these are in range (0, 01 is invalid JSON, -0); only promise "no 5xx".
        return signedCase("number-edge", Expect.ANY, op, body.getBytes(StandardCharsets.UTF_8));
    }

    private Case oversized() {
        int size = random.nextInt(3) == 0 ? 5 * 1024 * 1024 : 1024 * 1024 + 1 + random.nextInt(1000);
        byte[] body = ("{\"SecretString\":\"" + plant() + "x".repeat(size) + "\"}").getBytes(StandardCharsets.UTF_8);
        return signedCase("oversized", Expect.ERROR, "PutSecretValue", body);
    }

    // ------------------------------------------------------------------ after the storm

    private void checkNothingHalfWritten() {
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
            System.out.printf("ProtocolFuzzTest: %d secrets checked after fuzzing%n", entries.size());
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
