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
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Task;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ECS pages over plain HTTP on a Homeport without a task runtime: the JSON editor's errors, the
 * Run task form's errors, escaping, what the polling parts of the pages send, and services: listed on
 * their cluster's page, their own page, and the forms that create, update and delete them. (Without a
 * runtime a service's tasks fail to start, but the service, its deployments and its events are there.)
 */
class EcsConsoleHttpTest {
    private static final String SCRIPT = "<script>alert(1)</script>";

    static HomeportServer server;
    static EcsClient ecs;
    ConsoleClient c;
    String csrf;

    /** The cluster the service tests use, so that their services do not mix with the default cluster's tasks. */
    static final String SVC_CLUSTER = "svc-http";

    @BeforeAll
    static void start() {
        server = HomeportServer.start("none").withExecutionRole();
        ecs = server.client(EcsClient.builder());
        ecs.createCluster(b -> b.clusterName(SVC_CLUSTER));
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

    // ---- services ----

    private static String subnet(int i) {
        return dev.homeport.ec2.NetworkConfig.defaults().subnets().get(i).id();
    }

    /** A service made through the SDK in the services' cluster, with ECS's defaults unless {@code more} says. */
    private static Service createService(String name, String family, int desired,
                                         java.util.function.Consumer<software.amazon.awssdk.services.ecs.model.CreateServiceRequest.Builder> more) {
        return ecs.createService(b -> {
            b.cluster(SVC_CLUSTER).serviceName(name).taskDefinition(family).desiredCount(desired)
                    .networkConfiguration(n -> n.awsvpcConfiguration(v -> v.subnets(subnet(0))));
            more.accept(b);
        }).service();
    }

    private static Service describeService(String name) {
        return ecs.describeServices(b -> b.cluster(SVC_CLUSTER).services(name)).services().getFirst();
    }

    /** Waits (up to 10 s) until the service satisfies {@code condition}: the scheduler works once a second. */
    private static Service awaitService(String name, Predicate<Service> condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        Service s = describeService(name);
        while (!condition.test(s) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            s = describeService(name);
        }
        assertThat(condition).as("service " + name + " as awaited; last: " + s).accepts(s);
        return s;
    }

    private static String servicePage(String name) {
        return "/console/ecs/service?cluster=" + SVC_CLUSTER + "&name=" + name;
    }

    @Test
    void theClusterPageListsItsServicesAndAServicePageShowsSettingsDeploymentsAndEvents() throws Exception {
        registerWeb("http-svc", "hello");
        // Scaled to 0 it completes at once; with 1 desired task it stays in progress, as its tasks fail to start here.
        Service idle = createService("idle", "http-svc", 0, b -> b.deploymentConfiguration(d -> d
                .minimumHealthyPercent(50).maximumPercent(150).deploymentCircuitBreaker(cb -> cb.enable(true).rollback(true))));
        createService("busy", "http-svc", 1, b -> { });
        awaitService("idle", s -> !s.events().isEmpty() && s.events().getFirst().message().endsWith("has reached a steady state."));
        awaitService("busy", s -> !s.events().isEmpty());

        String cluster = c.get("/console/ecs/cluster?name=" + SVC_CLUSTER).body();
        assertThat(cluster).contains("<a class=\"button\" href=\"/console/ecs/services/create?cluster=" + SVC_CLUSTER + "\">Create service</a>");
        String idleRow = row(cluster, "data-service=\"idle\"");
        assertThat(idleRow).contains("<a href=\"" + servicePage("idle") + "\">idle</a>").contains(">ACTIVE<")
                .contains("<td class=\"count-desired\">0</td>").contains("http-svc:1")
                .contains("<span class=\"rollout rollout-COMPLETED\">COMPLETED</span>");
        assertThat(row(cluster, "data-service=\"busy\""))
                .contains("<td class=\"count-desired\">1</td>").contains("<td class=\"count-running\">0</td>")
                .contains("<span class=\"rollout rollout-IN_PROGRESS\">IN_PROGRESS</span>");

        String page = c.get(servicePage("idle")).body();
        assertThat(page).contains(idle.serviceArn()).contains("<dd id=\"service-status\" class=\"status-ACTIVE\">ACTIVE</dd>")
                .contains("<dd id=\"service-desired-count\">0</dd>").contains("FARGATE (platform LATEST)")
                .contains("50%").contains("150%").contains("On, rolls back a failed deployment").contains(subnet(0))
                .contains("arn:aws:iam::000000000000:root");
        String deployment = idle.deployments().getFirst().id();
        assertThat(row(page, "data-deployment=\"" + deployment + "\"")).contains(">PRIMARY<").contains("http-svc:1")
                .contains("<span class=\"rollout rollout-COMPLETED\">COMPLETED</span>")
                .contains("ECS deployment " + deployment + " completed.").contains("0 of 0 running");
        // Events newest first: the steady state after the completed deployment.
        assertThat(page).contains("(service idle) has reached a steady state.");
        assertThat(page.indexOf("(service idle) has reached a steady state."))
                .isLessThan(page.indexOf("(service idle) (deployment " + deployment + ") deployment completed."));

        String busy = c.get(servicePage("busy")).body();
        Service busyNow = describeService("busy");
        assertThat(row(busy, "data-deployment=\"" + busyNow.deployments().getFirst().id() + "\""))
                .contains("<span class=\"rollout rollout-IN_PROGRESS\">IN_PROGRESS</span>")
                .contains("<progress id=\"deployment-0\" value=\"0\" max=\"1\" aria-labelledby=\"deployment-0-words\">")
                .contains("<span id=\"deployment-0-words\">0 of 1 running</span>");
        // Without a runtime each task the scheduler starts fails at once (its table is empty but for a moment).
        assertThat(busy).contains("(service busy) has started 1 tasks: (task ");

        // The changing part polls itself, as the task pages do.
        assertThat(page).contains("hx-get=\"/console/ecs/service/live?cluster=" + SVC_CLUSTER + "&amp;name=idle\"")
                .contains("hx-trigger=\"every 2s\"");
        String fragment = c.get("/console/ecs/service/live?cluster=" + SVC_CLUSTER + "&name=idle").body();
        assertThat(fragment.strip()).startsWith("<div id=\"service-live\"").doesNotContain("<html")
                .contains("has reached a steady state.");
    }

    /** The table row that holds {@code marker}. */
    private static String row(String html, String marker) {
        int at = html.indexOf(marker);
        assertThat(at).as("a row with " + marker).isNotNegative();
        return html.substring(html.lastIndexOf("<tr", at), html.indexOf("</tr>", at));
    }

    @Test
    void aServiceCreatedWithTheFormIsThereWithWhatTheFormChose() throws Exception {
        registerWeb("http-form", "hello");
        registerWeb("http-form", "again");
        String form = c.get("/console/ecs/services/create?cluster=" + SVC_CLUSTER).body();
        // The family (its latest revision) or one revision; every subnet and the first security group by default.
        assertThat(form).contains("<option value=\"http-form\"").contains(">http-form (latest revision)</option>")
                .contains("<option value=\"http-form:2\">http-form:2</option>")
                .contains("value=\"" + SVC_CLUSTER + "\" selected")
                .contains("name=\"subnet\" value=\"" + subnet(0) + "\" checked")
                .contains("name=\"count\" type=\"number\" min=\"0\" value=\"1\"")
                .contains("value=\"100\"").contains("value=\"200\"");
        Matcher token = Pattern.compile("name=\"token\" value=\"([^\"]+)\"").matcher(form);
        assertThat(token.find()).isTrue();

        String group = dev.homeport.ec2.NetworkConfig.defaults().securityGroups().getFirst().id();
        HttpResponse<String> res = c.post("/console/ecs/services", "csrf=" + csrf + "&token=" + token.group(1)
                + "&cluster=" + SVC_CLUSTER + "&launchType=FARGATE&td=http-form&name=form-made&count=0"
                + "&minHealthy=50&maxPercent=200&breaker=on&subnet=" + subnet(1) + "&sg=" + group);
        assertThat(res.statusCode()).isEqualTo(303);
        assertThat(res.headers().firstValue("Location")).hasValue(servicePage("form-made"));
        Service made = describeService("form-made");
        assertThat(made.status()).isEqualTo("ACTIVE");
        assertThat(made.taskDefinition()).endsWith("task-definition/http-form:2");
        assertThat(made.desiredCount()).isZero();
        assertThat(made.deploymentConfiguration().minimumHealthyPercent()).isEqualTo(50);
        assertThat(made.deploymentConfiguration().maximumPercent()).isEqualTo(200);
        assertThat(made.deploymentConfiguration().deploymentCircuitBreaker().enable()).isTrue();
        assertThat(made.deploymentConfiguration().deploymentCircuitBreaker().rollback()).isFalse();
        assertThat(made.networkConfiguration().awsvpcConfiguration().subnets()).containsExactly(subnet(1));
        assertThat(made.networkConfiguration().awsvpcConfiguration().securityGroups()).containsExactly(group);
        assertThat(c.get(servicePage("form-made")).body()).contains("Service form-made was created.")
                .contains("On, without rollback");
    }

    @Test
    void createServiceErrorsAreShownAboveTheFormWhichKeepsWhatWasTyped() throws Exception {
        registerWeb("http-dup", "hello");
        createService("dup", "http-dup", 0, b -> { });
        String typed = "csrf=" + csrf + "&cluster=" + SVC_CLUSTER + "&launchType=FARGATE&td=http-dup:1&name=dup"
                + "&count=3&minHealthy=75&maxPercent=250&breaker=on&rollback=on&subnet=" + subnet(1);
        HttpResponse<String> res = c.post("/console/ecs/services", typed);
        assertThat(res.statusCode()).isEqualTo(400);
        String body = res.body();
        String notice = body.substring(body.indexOf("<div class=\"notice error\""));
        assertThat(notice).contains("InvalidParameterException").contains("Creation of service was not idempotent.");
        assertThat(notice.indexOf("Creation of service")).isLessThan(notice.indexOf("<form method=\"post\" action=\"/console/ecs/services\""));
        assertThat(body).contains("name=\"name\" value=\"dup\"").contains("value=\"http-dup:1\" selected")
                .contains("value=\"3\"").contains("value=\"75\"").contains("value=\"250\"")
                .contains("name=\"breaker\" value=\"on\" checked").contains("name=\"rollback\" value=\"on\" checked")
                .contains("name=\"subnet\" value=\"" + subnet(1) + "\" checked")
                .doesNotContain("name=\"subnet\" value=\"" + subnet(0) + "\" checked");
        assertThat(describeService("dup").desiredCount()).isZero();

        // What the console cannot send as a number, it says so itself, and keeps the text.
        HttpResponse<String> nan = c.post("/console/ecs/services", typed.replace("name=dup", "name=nan")
                .replace("count=3", "count=three"));
        assertThat(nan.statusCode()).isEqualTo(400);
        assertThat(nan.body()).contains("Desired tasks must be a whole number; 'three' is not.")
                .contains("value=\"three\"");
        assertThat(ecs.describeServices(b -> b.cluster(SVC_CLUSTER).services("nan")).services()).isEmpty();
    }

    @Test
    void theUpdateFormChangesTheDesiredCountOrStartsADeploymentOfAnotherRevision() throws Exception {
        registerWeb("http-upd", "one");
        createService("upd", "http-upd", 0, b -> { });
        String page = c.get(servicePage("upd")).body();
        assertThat(page).contains("<input type=\"hidden\" name=\"current\" value=\"http-upd:1\">")
                .contains("<option value=\"http-upd:1\" selected>http-upd:1</option>")
                .contains("id=\"update-count\" name=\"count\" type=\"number\" min=\"0\" value=\"0\"");
        String form = "csrf=" + csrf + "&cluster=" + SVC_CLUSTER + "&name=upd&current=" + enc("http-upd:1");

        HttpResponse<String> res = c.post("/console/ecs/service/update", form + "&td=" + enc("http-upd:1") + "&count=2");
        assertThat(res.statusCode()).isEqualTo(303);
        assertThat(res.headers().firstValue("Location")).hasValue(servicePage("upd"));
        Service scaled = describeService("upd");
        assertThat(scaled.desiredCount()).isEqualTo(2);
        assertThat(scaled.deployments()).singleElement().satisfies(d -> assertThat(d.desiredCount()).isEqualTo(2));
        assertThat(c.get(servicePage("upd")).body()).contains("Service upd was updated.")
                .contains("<dd id=\"service-desired-count\">2</dd>");

        // Another revision is a new deployment; the old one stays ACTIVE while it has tasks.
        registerWeb("http-upd", "two");
        assertThat(c.post("/console/ecs/service/update", form + "&td=" + enc("http-upd:2") + "&count=0").statusCode())
                .isEqualTo(303);
        Service redeployed = describeService("upd");
        assertThat(redeployed.taskDefinition()).endsWith("http-upd:2");
        assertThat(redeployed.deployments().getFirst().taskDefinition()).endsWith("http-upd:2");
        assertThat(redeployed.desiredCount()).isZero();

        // ECS's refusal, above the form as typed.
        HttpResponse<String> bad = c.post("/console/ecs/service/update", form + "&td=" + enc("http-upd:2") + "&count=-1&force=on");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("InvalidParameterException").contains("desiredCount must be greater than or equal to 0.")
                .contains("value=\"-1\"").contains("<option value=\"http-upd:2\" selected>")
                .contains("name=\"force\" value=\"on\" checked");
    }

    @Test
    void deleteIsRefusedForAServiceScaledAboveZeroUnlessForcedThenItDrains() throws Exception {
        registerWeb("http-del", "hello");
        createService("del", "http-del", 1, b -> { });
        String form = "csrf=" + csrf + "&cluster=" + SVC_CLUSTER + "&name=del";

        HttpResponse<String> refused = c.post("/console/ecs/service/delete", form);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("InvalidParameterException")
                .contains("The service cannot be stopped while it is scaled above 0.").contains("<h1>del</h1>");
        assertThat(describeService("del").status()).isEqualTo("ACTIVE");

        HttpResponse<String> forced = c.post("/console/ecs/service/delete", form + "&force=on");
        assertThat(forced.statusCode()).isEqualTo(303);
        assertThat(forced.headers().firstValue("Location")).hasValue(servicePage("del"));
        // DeleteService answered DRAINING; without tasks to stop, the scheduler may already have made it INACTIVE.
        assertThat(c.get(servicePage("del")).body()).contains("Service del was deleted. It is DRAINING until its tasks have stopped, then INACTIVE.")
                .doesNotContain("action=\"/console/ecs/service/update\"").doesNotContain("action=\"/console/ecs/service/delete\"");
        assertThat(describeService("del").status()).isIn("DRAINING", "INACTIVE");
        Service gone = awaitService("del", s -> s.status().equals("INACTIVE"));
        assertThat(gone.desiredCount()).isZero();
        // ListServices lists ACTIVE services only: the cluster page no longer does either.
        assertThat(c.get("/console/ecs/cluster?name=" + SVC_CLUSTER).body()).doesNotContain("data-service=\"del\"");
        // An INACTIVE service does not change any more: its page stops polling.
        assertThat(c.get(servicePage("del")).body()).contains("class=\"status-INACTIVE\">INACTIVE</dd>")
                .doesNotContain("/console/ecs/service/live");
    }

    @Test
    void anUnknownServiceIsNotFoundAndTheServiceFormsNeedTheCsrfToken() throws Exception {
        HttpResponse<String> missing = c.get(servicePage("nothing-here"));
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("Service nothing-here was not found in cluster " + SVC_CLUSTER + " (MISSING).");
        HttpResponse<String> noCluster = c.get("/console/ecs/service?cluster=nowhere&name=x");
        assertThat(noCluster.body()).contains("ClusterNotFoundException").doesNotContain("at dev.homeport");

        registerWeb("http-csrf", "hello");
        createService("guarded", "http-csrf", 0, b -> { });
        String form = "cluster=" + SVC_CLUSTER + "&name=guarded";
        assertThat(c.post("/console/ecs/services", form + "&td=http-csrf&name=no-token").statusCode()).isEqualTo(403);
        assertThat(c.post("/console/ecs/service/update", form + "&count=3").statusCode()).isEqualTo(403);
        assertThat(c.post("/console/ecs/service/delete", form + "&force=on").statusCode()).isEqualTo(403);
        Service guarded = describeService("guarded");
        assertThat(guarded.status()).isEqualTo("ACTIVE");
        assertThat(guarded.desiredCount()).isZero();
        assertThat(ecs.describeServices(b -> b.cluster(SVC_CLUSTER).services("no-token")).services()).isEmpty();
    }
}
