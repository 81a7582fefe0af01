package dev.homeport.console;

import dev.homeport.testing.HomeportServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.Task;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ECS pages over plain HTTP on a Homeport without a task runtime: the JSON editor's errors, the
 * Run task form's errors, escaping, and what the polling parts of the pages send.
 */
class EcsConsoleHttpTest {
    private static final String SCRIPT = "<script>alert(1)</script>";

    static HomeportServer server;
    static EcsClient ecs;
    ConsoleClient c;
    String csrf;

    @BeforeAll
    static void start() {
        server = HomeportServer.start("none").withExecutionRole();
        ecs = server.client(EcsClient.builder());
    }

    @AfterAll
    static void stop() {
        ecs.close();
        server.close();
    }

    @BeforeEach
    void signIn() throws Exception {
        c = new ConsoleClient(server);
        csrf = c.signIn("/console/ecs");
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** The text of the editor's textarea, unescaped as a browser would show it. */
    private static String textarea(String html) {
        Matcher m = Pattern.compile("<textarea id=\"td-json\"[^>]*>(.*?)</textarea>", Pattern.DOTALL).matcher(html);
        assertThat(m.find()).as("the JSON editor").isTrue();
        return m.group(1).replace("&#34;", "\"").replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&#39;", "'").replace("&amp;", "&");
    }

    private static void registerWeb(String family, String envValue) {
        ecs.registerTaskDefinition(b -> b.family(family).requiresCompatibilities(Compatibility.FARGATE)
                .networkMode(NetworkMode.AWSVPC).cpu("256").memory("512")
                .executionRoleArn("arn:aws:iam::000000000000:role/ecsTaskExecutionRole")
                .tags(t -> t.key("owner").value(SCRIPT))
                .containerDefinitions(d -> d.name("web").image("busybox").essential(true)
                        .environment(KeyValuePair.builder().name("GREETING").value(envValue).build())));
    }

    @Test
    void theEditorIsFilledWithTheRevisionsRegisterableJsonAndMakesTheNextRevision() throws Exception {
        registerWeb("http-rev", "hello");
        String html = c.get("/console/ecs/task-definitions/editor?from=http-rev:1").body();
        String json = textarea(html);
        assertThat(json).contains("\"family\" : \"http-rev\"").contains("\"GREETING\"")
                .doesNotContain("taskDefinitionArn").doesNotContain("\"revision\"").doesNotContain("registeredAt")
                .doesNotContain("compatibilities\"").doesNotContain("requiresAttributes").doesNotContain("\"status\"");

        HttpResponse<String> res = c.post("/console/ecs/task-definitions",
                "csrf=" + csrf + "&from=http-rev:1&json=" + enc(json.replace("hello", "bonjour")));
        assertThat(res.statusCode()).isEqualTo(303);
        assertThat(res.headers().firstValue("Location")).hasValue("/console/ecs/task-definition?td=http-rev%3A2");
        String page = c.get("/console/ecs/task-definition?td=http-rev:2").body();
        assertThat(page).contains("Task definition http-rev:2 was registered.").contains("GREETING=bonjour");
        assertThat(ecs.describeTaskDefinition(b -> b.taskDefinition("http-rev:2")).taskDefinition()
                .containerDefinitions().getFirst().environment().getFirst().value()).isEqualTo("bonjour");
        assertThat(c.get("/console/ecs/task-definitions/family?name=http-rev").body())
                .contains("http-rev:2").contains("http-rev:1");
        assertThat(c.get("/console/ecs/task-definitions").body()).contains("http-rev");
    }

    @Test
    void anAwsValidationErrorIsShownAboveTheEditorWhichKeepsTheText() throws Exception {
        String typed = "{\"family\": \"no-containers\", \"containerDefinitions\": [], \"note\": \"kept <b>as typed</b>\"}";
        HttpResponse<String> res = c.post("/console/ecs/task-definitions", "csrf=" + csrf + "&json=" + enc(typed));
        assertThat(res.statusCode()).isEqualTo(400);
        String notice = res.body().substring(res.body().indexOf("<div class=\"notice error\""));
        assertThat(notice).contains("ClientException");
        assertThat(notice.indexOf("ClientException")).isLessThan(notice.indexOf("<textarea"));
        assertThat(textarea(res.body())).isEqualTo(typed);
        assertThat(res.body()).doesNotContain("<b>as typed</b>").doesNotContain("at dev.homeport");
        assertThat(ecs.listTaskDefinitionFamilies(b -> b.familyPrefix("no-containers")).families()).isEmpty();
    }

    @Test
    void aWrongTypeIsTheApisSerializationException() throws Exception {
        String typed = "{\"family\": \"wrong-type\", \"cpu\": \"256\", \"containerDefinitions\": \"web\"}";
        HttpResponse<String> res = c.post("/console/ecs/task-definitions", "csrf=" + csrf + "&json=" + enc(typed));
        assertThat(res.statusCode()).isEqualTo(400);
        assertThat(res.body()).contains("SerializationException");
        assertThat(textarea(res.body())).isEqualTo(typed);
    }

    @Test
    void malformedJsonIsShownWithWhereItBrokeAndTheTextKept() throws Exception {
        String typed = "{\n  \"family\": \"broken\",\n  \"containerDefinitions\": [ {\"name\": \"web\" ]\n}";
        HttpResponse<String> res = c.post("/console/ecs/task-definitions", "csrf=" + csrf + "&json=" + enc(typed));
        assertThat(res.statusCode()).isEqualTo(400);
        assertThat(res.body()).contains("SerializationException").contains("not valid JSON").contains("line 3");
        assertThat(textarea(res.body())).isEqualTo(typed);
    }

    @Test
    void theRunTaskFormShowsTheApisErrorInlineAndKeepsTheChoices() throws Exception {
        registerWeb("http-run", "hello");
        String form = c.get("/console/ecs/run?td=http-run:1").body();
        assertThat(form).contains("value=\"http-run:1\" selected").contains("name=\"o0.name\" value=\"web\"")
                .contains("10.200.11.0/24").contains("homeport-default");
        // Every subnet unchecked: RunTask's own validation answers.
        HttpResponse<String> res = c.post("/console/ecs/run", "csrf=" + csrf + "&cluster=default&td=http-run:1"
                + "&launchType=FARGATE&count=2&o0.name=web&o0.command=" + enc("echo\nhi") + "&o0.env=" + enc("A=1"));
        assertThat(res.statusCode()).isEqualTo(400);
        assertThat(res.body()).contains("InvalidParameterException").contains("subnets can not be empty.")
                .contains("value=\"http-run:1\" selected").contains("value=\"2\"").contains(">echo\nhi</textarea>")
                .contains(">A=1</textarea>");
        assertThat(ecs.listTasks(b -> b.cluster("default")).taskArns()).isEmpty();

        HttpResponse<String> env = c.post("/console/ecs/run", "csrf=" + csrf + "&cluster=default&td=http-run:1"
                + "&launchType=FARGATE&count=1&subnet=" + enc(dev.homeport.ec2.NetworkConfig.defaults().subnets().getFirst().id())
                + "&o0.name=web&o0.env=" + enc("NO_EQUALS_SIGN"));
        assertThat(env.statusCode()).isEqualTo(400);
        assertThat(env.body()).contains("must be KEY=VALUE lines").contains("NO_EQUALS_SIGN");
    }

    @Test
    void submittingTheSameRunTaskFormTwiceStartsItsTasksOnce() throws Exception {
        registerWeb("http-twice", "hello");
        String form = c.get("/console/ecs/run?td=http-twice:1").body();
        java.util.regex.Matcher token = java.util.regex.Pattern.compile("name=\"token\" value=\"([^\"]+)\"").matcher(form);
        assertThat(token.find()).isTrue();
        String subnet = dev.homeport.ec2.NetworkConfig.defaults().subnets().get(0).id();
        String body = "csrf=" + csrf + "&token=" + token.group(1) + "&cluster=default&td=http-twice:1"
                + "&launchType=FARGATE&count=1&subnet=" + subnet;
        assertThat(c.post("/console/ecs/run", body).statusCode()).isEqualTo(303);
        assertThat(c.post("/console/ecs/run", body).statusCode()).isEqualTo(303);
        long started = ecs.describeTasks(b -> b.cluster("default").tasks(ecs.listTasks(l -> l.cluster("default")
                        .desiredStatus("STOPPED")).taskArns())).tasks().stream()
                .filter(t -> t.taskDefinitionArn().endsWith("http-twice:1")).count();
        assertThat(started).isEqualTo(1);
        // A form shown again is a new request: another token.
        assertThat(c.get("/console/ecs/run?td=http-twice:1").body()).doesNotContain(token.group(1));
    }

    @Test
    void aTaskRunFromTheFormCarriesItsOverridesAndIsListedWithPolling() throws Exception {
        registerWeb("http-ok", "hello");
        String subnet = dev.homeport.ec2.NetworkConfig.defaults().subnets().get(1).id();
        HttpResponse<String> res = c.post("/console/ecs/run", "csrf=" + csrf + "&cluster=default&td=http-ok:1"
                + "&launchType=FARGATE&count=1&subnet=" + subnet + "&publicIp=on"
                + "&o0.name=web&o0.command=" + enc("sh\r\n-c\r\necho hi") + "&o0.env=" + enc("MODE=test\nEMPTY="));
        assertThat(res.statusCode()).isEqualTo(303);
        assertThat(res.headers().firstValue("Location")).hasValue("/console/ecs/cluster?name=default");
        Task task = ecs.describeTasks(b -> b.cluster("default").tasks(ecs.listTasks(l -> l.cluster("default")
                .desiredStatus("STOPPED")).taskArns())).tasks().stream()
                .filter(t -> t.taskDefinitionArn().endsWith("http-ok:1")).findFirst().orElseThrow();
        var override = task.overrides().containerOverrides().getFirst();
        assertThat(override.command()).containsExactly("sh", "-c", "echo hi");
        assertThat(override.environment()).extracting(KeyValuePair::name, KeyValuePair::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("MODE", "test"), org.assertj.core.groups.Tuple.tuple("EMPTY", ""));
        String id = Views.shortId(task.taskArn());

        // Without a runtime the task fails to start at once; it is under the Stopped filter.
        String list = c.get("/console/ecs/cluster?name=default&status=STOPPED").body();
        assertThat(list).contains("hx-trigger=\"every 2s\"").contains(id).contains("http-ok:1");
        String fragment = c.get("/console/ecs/cluster/tasks?name=default&status=STOPPED").body();
        assertThat(fragment.strip()).startsWith("<div id=\"task-table\"").doesNotContain("<html").contains(id);

        String page = c.get("/console/ecs/task?cluster=default&id=" + id).body();
        assertThat(page).contains("Runs on Homeport's task runtime: none: tasks fail to start");
        assertThat(page).contains("TaskFailedToStart").contains("no task runtime is available")
                .contains("No logs: no container of this task uses the awslogs log driver.");
        // Its two identities: the definition's execution role, linked to its IAM page; no task role.
        assertThat(page).contains("<dd id=\"task-execution-role\"><a class=\"mono\" href=\"/console/iam/role?name="
                + "ecsTaskExecutionRole\">arn:aws:iam::000000000000:role/ecsTaskExecutionRole</a></dd>")
                .contains("<dd id=\"task-role\">-</dd>");
        // A STOPPED task does not change any more: its page stops polling.
        assertThat(page).doesNotContain("every 2s").doesNotContain("/console/ecs/task/live");
        assertThat(c.get("/console/ecs").body()).contains("<a href=\"/console/ecs/cluster?name=default\">default</a>");
    }

    @Test
    void markupInAnEnvironmentValueOrTagIsEscaped() throws Exception {
        registerWeb("http-xss", SCRIPT);
        for (String path : new String[]{"/console/ecs/task-definition?td=http-xss:1",
                "/console/ecs/task-definitions/editor?from=http-xss:1"}) {
            String html = c.get(path).body();
            assertThat(html).as(path).doesNotContain(SCRIPT).contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        }
    }

    @Test
    void unknownThingsAreShownAsTheApiNamesThemNeverAsAStackTrace() throws Exception {
        HttpResponse<String> td = c.get("/console/ecs/task-definition?td=nothing-here:1");
        assertThat(td.statusCode()).isEqualTo(400);
        assertThat(td.body()).contains("ClientException").doesNotContain("at dev.homeport");
        HttpResponse<String> cluster = c.get("/console/ecs/cluster?name=nowhere");
        assertThat(cluster.statusCode()).isEqualTo(404);
        assertThat(cluster.body()).contains("Cluster not found: nowhere");
        HttpResponse<String> task = c.get("/console/ecs/task?cluster=default&id=0123456789abcdef0123456789abcdef");
        assertThat(task.body()).doesNotContain("at dev.homeport");
    }

    @Test
    void createClusterAndItsErrorsAndTheFormsNeedTheCsrfToken() throws Exception {
        HttpResponse<String> ok = c.post("/console/ecs/clusters", "csrf=" + csrf + "&name=console-made");
        assertThat(ok.statusCode()).isEqualTo(303);
        assertThat(c.get("/console/ecs/cluster?name=console-made").body()).contains("Cluster console-made was created.");
        HttpResponse<String> bad = c.post("/console/ecs/clusters", "csrf=" + csrf + "&name=" + enc("bad name!"));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("InvalidParameterException").contains("value=\"bad name!\"");
        assertThat(c.post("/console/ecs/clusters", "name=no-token").statusCode()).isEqualTo(403);
        assertThat(c.post("/console/ecs/run", "cluster=default&td=x").statusCode()).isEqualTo(403);
        assertThat(c.post("/console/ecs/task/stop", "cluster=default&id=x").statusCode()).isEqualTo(403);
        assertThat(ecs.listClusters().clusterArns()).noneMatch(a -> a.endsWith("/no-token"));
    }
}
