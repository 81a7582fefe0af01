package dev.homeport.protocol;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homeport.ecs.EcsModule;
import dev.homeport.ecs.NoRuntimeSupervisor;
import dev.homeport.ecs.TaskNetworks;
import dev.homeport.ecs.model.TaskDefinitionView;
import dev.homeport.logs.LogsModule;
import dev.homeport.testing.HomeportServer;
import dev.homeport.testing.RawHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Request members no SDK would send, sent by hand over HTTP to every operation of every JSON service:
 * a {@code null} element in each list and value in each map, and a lone UTF-16 surrogate in each
 * string. The requests are generated from the input records the server binds (the same Jackson
 * introspection, so the same wire names), so an operation added later is covered without editing
 * this test. Every answer must be AWS's 400 {@code SerializationException}: never a 5xx, and never an
 * acknowledgement of a value that would come back changed.
 */
class MalformedMembersTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Stands in for a string in the generated bodies; replaced by the escape under test when sent. */
    private static final String STRING_MARK = "@@STRING@@";
    /** Deep enough for every shape here (RegisterTaskDefinition's health check command is the deepest). */
    private static final int MAX_DEPTH = 8;
    /**
     * Operations whose input is read as a JSON document rather than a record, with the typed view
     * that checks it. A new one must be listed here, or the test fails rather than skip it.
     */
    private static final Map<String, Class<?>> DOCUMENT_VIEWS = Map.of(
            "AmazonEC2ContainerServiceV20141113.RegisterTaskDefinition", TaskDefinitionView.class);

    private static HomeportServer server;
    private static final List<Target> TARGETS = new ArrayList<>();

    /** One operation: where to send it, how to sign it, and the shape of its input. */
    private record Target(String target, String signingName, ObjectMapper mapper, JavaType input) {
    }

    private static final TaskNetworks NO_NETWORK = new TaskNetworks() {
        @Override
        public java.util.Optional<SubnetInfo> subnet(String subnetId) {
            return java.util.Optional.empty();
        }

        @Override
        public boolean securityGroupExists(String groupId) {
            return false;
        }
    };

    @BeforeAll
    static void start() {
        server = HomeportServer.start();
        Clock clock = Clock.systemUTC();
        // Instances only to list their operations: requests go to the server's own modules.
        List<ServiceModule> modules = List.of(server.homeport().secretsManager(),
                new EcsModule(server.homeport().ecsRepository(), null,
                        new NoRuntimeSupervisor(server.homeport().ecsRepository(), clock), clock, NO_NETWORK, null,
                        java.time.Duration.ofSeconds(40)),
                new LogsModule(server.homeport().logs()),
                new dev.homeport.cloudtrail.CloudTrailModule(server.homeport().cloudTrail(), clock),
                new dev.homeport.ecr.EcrModule(null, null, null, null, () -> "localhost", clock),
                new dev.homeport.ssm.SsmModule(null, null, null));
        for (ServiceModule module : modules) {
            module.register(new OperationRegistry() {
                @Override
                public <I, O> void add(String name, Class<I> inputType, AccessRule<? super I> access,
                                       Operation<I, O> operation) {
                    String target = module.targetPrefix() + "." + name;
                    Class<?> shape = JsonNode.class.isAssignableFrom(inputType) ? DOCUMENT_VIEWS.get(target) : inputType;
                    assertThat(shape).as("the typed view of %s's document input, in DOCUMENT_VIEWS", target).isNotNull();
                    TARGETS.add(new Target(target, module.signingName(), module.mapper(),
                            module.mapper().constructType(shape)));
                }
            });
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void everyJsonServiceIsCovered() throws Exception {
        Set<String> listed = new TreeSet<>();
        TARGETS.forEach(op -> listed.add(op.target().substring(0, op.target().lastIndexOf('.'))));
        Set<String> served = new TreeSet<>();
        HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.port() + "/_homeport/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        new ObjectMapper().readTree(health.body()).path("services").forEach(s -> served.add(s.asText()));
        // EC2, STS and IAM speak the Query protocol: form fields hold neither JSON nulls nor \\u escapes.
        served.remove("ec2");
        served.remove("sts");
        served.remove("iam");
        assertThat(listed).isEqualTo(served);
        assertThat(TARGETS).hasSizeGreaterThan(40);
    }

    @Test
    void aNullListElementOrMapValueIsASerializationException() throws IOException {
        List<String> wrong = new ArrayList<>();
        Set<String> sent = new TreeSet<>();
        for (Target op : TARGETS) {
            for (JsonNode body : bodies(op.mapper(), op.input(), 0, NullElements.INSTANCE)) {
                RawHttp.Response r = send(op, body.toString().getBytes(StandardCharsets.UTF_8));
                sent.add(op.target() + " " + body);
                check(op, body.toString(), r, wrong);
            }
        }
        assertThat(wrong).as("answers other than 400 SerializationException").isEmpty();
        // These two answered 500 (NullPointerException) before.
        assertThat(sent).contains("AmazonEC2ContainerServiceV20141113.DescribeTasks {\"tasks\":[null]}",
                "AmazonEC2ContainerServiceV20141113.DeleteTaskDefinitions {\"taskDefinitions\":[null]}",
                "Logs_20140328.TagLogGroup {\"tags\":{\"key\":null}}",
                "AmazonEC2ContainerServiceV20141113.RegisterTaskDefinition {\"containerDefinitions\":[{\"secrets\":[null]}]}");
    }

    @Test
    void aLoneSurrogateInAnyStringIsASerializationException() throws IOException {
        List<String> wrong = new ArrayList<>();
        Set<String> sent = new TreeSet<>();
        for (Target op : TARGETS) {
            for (JsonNode body : bodies(op.mapper(), op.input(), 0, Strings.INSTANCE)) {
                String text = body.toString().replace(STRING_MARK, "\\ud800");
                RawHttp.Response r = send(op, text.getBytes(StandardCharsets.UTF_8));
                sent.add(op.target() + " " + text);
                check(op, text, r, wrong);
            }
        }
        assertThat(wrong).as("answers other than 400 SerializationException").isEmpty();
        // Both were acknowledged, then read back as '?'.
        assertThat(sent).contains("secretsmanager.PutSecretValue {\"SecretString\":\"\\ud800\"}",
                "secretsmanager.TagResource {\"Tags\":[{\"Value\":\"\\ud800\"}]}",
                "Logs_20140328.TagLogGroup {\"tags\":{\"\\ud800\":\"value\"}}");
    }

    private static void check(Target op, String body, RawHttp.Response r, List<String> wrong) throws IOException {
        String type = r.body().length == 0 ? "" : new ObjectMapper().readTree(r.body()).path("__type").asText();
        if (r.status() != 400 || !type.equals("SerializationException")) {
            wrong.add(op.target() + " " + body + " -> " + r.status() + " " + r.bodyText());
        }
    }

    static RawHttp.Response send(Target op, byte[] body) throws IOException {
        return RawHttp.post(server.port(), RawHttp.signed(server.port(), op.target(), body, Instant.now(), "test",
                "test", "us-east-1", op.signingName()), body);
    }

    // ------------------------------------------------------------------ generating bodies

    /** What to plant, by kind of member; each kind may get none. */
    private interface Plant {
        /** Elements to put in a list as they are (the plant is the element itself). */
        List<JsonNode> listElements();

        /** Whole maps that hold the plant as a key or a value. */
        List<JsonNode> maps();

        /** What to put in a string member. */
        List<JsonNode> strings();
    }

    /** A null element in each list and a null value in each map. */
    private enum NullElements implements Plant {
        INSTANCE;

        @Override
        public List<JsonNode> listElements() {
            return List.of(NODES.nullNode());
        }

        @Override
        public List<JsonNode> maps() {
            return List.of(NODES.objectNode().putNull("key"));
        }

        @Override
        public List<JsonNode> strings() {
            return List.of();
        }
    }

    /** The string mark in each string member, list element, map key and map value. */
    private enum Strings implements Plant {
        INSTANCE;

        @Override
        public List<JsonNode> listElements() {
            return List.of();
        }

        @Override
        public List<JsonNode> maps() {
            return List.of(NODES.objectNode().put(STRING_MARK, "value"));
        }

        @Override
        public List<JsonNode> strings() {
            return List.of(NODES.textNode(STRING_MARK));
        }
    }

    /**
     * Values of {@code type}, each with one planted member somewhere inside: a list holds the plant
     * itself or a value of its element type that holds one, a record one member that does.
     */
    private static List<JsonNode> bodies(ObjectMapper mapper, JavaType type, int depth, Plant plant) {
        List<JsonNode> out = new ArrayList<>();
        if (depth > MAX_DEPTH) {
            return out;
        }
        if (type.isCollectionLikeType() || type.isArrayType()) {
            for (JsonNode element : plant.listElements()) {
                out.add(NODES.arrayNode().add(element));
            }
            for (JsonNode element : bodies(mapper, type.getContentType(), depth + 1, plant)) {
                out.add(NODES.arrayNode().add(element));
            }
        } else if (type.isMapLikeType()) {
            out.addAll(plant.maps());
            for (JsonNode value : bodies(mapper, type.getContentType(), depth + 1, plant)) {
                out.add(NODES.objectNode().set("key", value));
            }
        } else if (type.getRawClass() == String.class) {
            out.addAll(plant.strings());
        } else if (type.getRawClass().isRecord()) {
            for (BeanPropertyDefinition member : mapper.getDeserializationConfig().introspect(type).findProperties()) {
                for (JsonNode value : bodies(mapper, member.getPrimaryType(), depth + 1, plant)) {
                    ObjectNode record = NODES.objectNode();
                    record.set(member.getName(), value);
                    out.add(record);
                }
            }
        }
        return out;
    }
}
