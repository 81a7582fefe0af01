package dev.homeport.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homeport.protocol.AwsServiceException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * ECS pages: clusters and their tasks, task definitions with a JSON editor for new revisions, the
 * Run task form, and a task's page with its status history, secrets (by name) and log tail. Pages
 * that show changing state (a cluster's tasks, a task that has not stopped) refresh themselves with
 * htmx polling of a fragment, as the AWS console's task views do. Services have their own class,
 * {@link EcsServicePages}, whose pages are registered here.
 */
final class EcsPages implements Section {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The desired-status filter of a cluster's task list, as the AWS console offers it. */
    static final List<String> TASK_FILTERS = List.of("RUNNING", "STOPPED");
    /**
     * Members DescribeTaskDefinition returns that RegisterTaskDefinition does not take: ECS sets them.
     * The AWS console's "Create new revision with JSON" leaves them out of the editor the same way.
     */
    static final List<String> READ_ONLY = List.of("taskDefinitionArn", "revision", "status", "requiresAttributes",
            "compatibilities", "registeredAt", "registeredBy", "deregisteredAt", "deleteRequestedAt");
    static final String STOP_REASON = "Task stopped by user via console";
    static final String DEFAULT_CLUSTER = "default";
    private final EcsServicePages services = new EcsServicePages();

    @Override
    public String name() {
        return "ecs";
    }

    @Override
    public void register(Section.Routes router) {
        router.get("/ecs", this::clusters)
                .post("/ecs/clusters", this::createCluster)
                .get("/ecs/cluster", this::cluster)
                .get("/ecs/cluster/tasks", this::taskTable)
                .get("/ecs/task-definitions", this::families)
                .get("/ecs/task-definitions/family", this::family)
                .get("/ecs/task-definition", this::taskDefinition)
                .get("/ecs/task-definitions/editor", this::editor)
                .post("/ecs/task-definitions", this::registerTaskDefinition)
                .get("/ecs/run", this::runForm)
                .get("/ecs/run/overrides", this::overrideFields)
                .post("/ecs/run", this::run)
                .get("/ecs/task", this::task)
                .get("/ecs/task/live", this::taskLive)
                .post("/ecs/task/stop", this::stop);
        services.register(router);
    }

    // ---- clusters ----

    private void clusters(Exchange x) {
        clustersPage(x, 200, "", null);
    }

    private void clustersPage(Exchange x, int status, String name, Notice notice) {
        ConsoleApi api = x.api();
        JsonNode arns = api.ecs("ListClusters", ConsoleApi.input().put("maxResults", 100));
        List<JsonNode> clusters = new ArrayList<>();
        if (!arns.path("clusterArns").isEmpty()) {
            ObjectNode in = ConsoleApi.input();
            in.set("clusters", arns.path("clusterArns"));
            clusters = Views.list(api.ecs("DescribeClusters", in), "clusters");
            clusters.sort(Comparator.comparing(c -> Views.text(c, "clusterName")));
        }
        x.page(status, "ecs/clusters.jte", Map.of("clusters", clusters, "name", name), notice);
    }

    private void createCluster(Exchange x) {
        String name = x.form().get("name").strip();
        try {
            JsonNode out = x.api().ecs("CreateCluster", ConsoleApi.input().put("clusterName", name));
            String created = Views.text(out.path("cluster"), "clusterName");
            x.flash(Notice.success("Cluster " + created + " was created."));
            x.redirect("/console/ecs/cluster?name=" + Views.url(created));
        } catch (AwsServiceException e) {
            clustersPage(x, e.httpStatus(), name, Notice.error(e));
        }
    }

    private void cluster(Exchange x) {
        String name = x.query("name");
        String filter = filter(x);
        ObjectNode in = ConsoleApi.input();
        in.putArray("clusters").add(name);
        JsonNode described = x.api().ecs("DescribeClusters", in);
        if (described.path("clusters").isEmpty()) {
            // DescribeClusters answers an unknown name with a failure entry, not an error; the console says so.
            x.page(404, "error.jte", Map.of(), Notice.error("ClusterNotFoundException",
                    "Cluster not found: " + name + " (" + Views.text(described.path("failures").path(0), "reason", "MISSING") + ")"));
            return;
        }
        JsonNode cluster = described.path("clusters").path(0);
        String clusterName = Views.text(cluster, "clusterName");
        x.page("ecs/cluster.jte", Map.of("cluster", cluster, "filter", filter, "filters", TASK_FILTERS,
                "tasks", tasks(x.api(), clusterName, filter),
                "services", EcsServicePages.services(x.api(), clusterName)));
    }

    /** The task table alone: what the cluster page's htmx polling swaps in every 2 seconds. */
    private void taskTable(Exchange x) {
        String name = x.query("name");
        String filter = filter(x);
        x.fragment("ecs/task-table.jte", Map.of("cluster", name, "filter", filter, "tasks", tasks(x.api(), name, filter)));
    }

    private static String filter(Exchange x) {
        return TASK_FILTERS.contains(x.query("status")) ? x.query("status") : "RUNNING";
    }

    /** A cluster's tasks of one desired status, newest first. */
    private static List<JsonNode> tasks(ConsoleApi api, String cluster, String desiredStatus) {
        return tasks(api, ConsoleApi.input().put("cluster", cluster).put("desiredStatus", desiredStatus));
    }

    /**
     * ListTasks with {@code filter} (its cluster, desired status, service...), then DescribeTasks (both at most 100 at
     * a time), newest first.
     */
    static List<JsonNode> tasks(ConsoleApi api, ObjectNode filter) {
        JsonNode arns = api.ecs("ListTasks", filter.deepCopy().put("maxResults", 100));
        if (arns.path("taskArns").isEmpty()) {
            return List.of();
        }
        ObjectNode in = ConsoleApi.input().put("cluster", Views.text(filter, "cluster"));
        in.set("tasks", arns.path("taskArns"));
        List<JsonNode> tasks = Views.list(api.ecs("DescribeTasks", in), "tasks");
        tasks.sort(Comparator.comparing((JsonNode t) -> t.path("createdAt").asDouble()).reversed());
        return tasks;
    }

    // ---- task definitions ----

    private void families(Exchange x) {
        JsonNode out = x.api().ecs("ListTaskDefinitionFamilies",
                ConsoleApi.input().put("status", "ACTIVE").put("maxResults", 100));
        x.page("ecs/families.jte", Map.of("families", Views.list(out, "families")));
    }

    private void family(Exchange x) {
        String family = x.query("name");
        x.page("ecs/family.jte", Map.of("family", family, "revisions", revisions(x.api(), family)));
    }

    /** The ACTIVE revisions of one family ({@code family:revision}), newest first. */
    static List<String> revisions(ConsoleApi api, String family) {
        JsonNode out = api.ecs("ListTaskDefinitions", ConsoleApi.input().put("familyPrefix", family)
                .put("status", "ACTIVE").put("sort", "DESC").put("maxResults", 100));
        // familyPrefix matches the start of a name; only that family's revisions are kept.
        List<String> revisions = new ArrayList<>();
        for (JsonNode arn : Views.list(out, "taskDefinitionArns")) {
            String fr = EcsViews.familyRevision(arn.asText());
            if (EcsViews.family(fr).equals(family)) {
                revisions.add(fr);
            }
        }
        return revisions;
    }

    private void taskDefinition(Exchange x) {
        ObjectNode in = ConsoleApi.input().put("taskDefinition", x.query("td"));
        in.putArray("include").add("TAGS");
        JsonNode out = x.api().ecs("DescribeTaskDefinition", in);
        x.page("ecs/task-definition.jte", Map.of("td", out.path("taskDefinition"), "tags", Views.list(out, "tags"),
                "json", Views.pretty(out.path("taskDefinition"))));
    }

    /**
     * The JSON editor: a new revision starts from the chosen revision's registerable JSON; a new family
     * starts from a small Fargate skeleton.
     */
    private void editor(Exchange x) {
        String from = x.query("from");
        String json;
        if (from.isEmpty()) {
            json = Views.pretty(skeleton(x.api().accountId()));
        } else {
            JsonNode td = x.api().ecs("DescribeTaskDefinition", ConsoleApi.input().put("taskDefinition", from))
                    .path("taskDefinition");
            json = Views.pretty(registerable(td));
        }
        x.page("ecs/editor.jte", Map.of("json", json, "from", from));
    }

    static ObjectNode registerable(JsonNode taskDefinition) {
        ObjectNode copy = taskDefinition.deepCopy();
        copy.remove(READ_ONLY);
        return copy;
    }

    private static ObjectNode skeleton(String accountId) {
        ObjectNode td = ConsoleApi.input().put("family", "")
                .put("networkMode", "awsvpc").put("cpu", "256").put("memory", "512")
                .put("executionRoleArn", "arn:aws:iam::" + accountId + ":role/ecsTaskExecutionRole");
        td.putArray("requiresCompatibilities").add("FARGATE");
        td.putArray("containerDefinitions").addObject().put("name", "app").put("image", "").put("essential", true);
        return td;
    }

    private void registerTaskDefinition(Exchange x) {
        String text = x.form().get("json");
        String from = x.form().get("from");
        JsonNode input;
        try {
            input = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            // The API would answer an unreadable body with SerializationException; the editor says where.
            var at = e.getLocation();
            editorAgain(x, text, from, Notice.error("SerializationException", "The task definition is not valid JSON: "
                    + e.getOriginalMessage() + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")")));
            return;
        }
        if (input == null || !input.isObject()) {
            editorAgain(x, text, from, Notice.error("SerializationException",
                    "The task definition must be a JSON object, such as {\"family\": \"...\", \"containerDefinitions\": [...]}."));
            return;
        }
        try {
            JsonNode td = x.api().ecs("RegisterTaskDefinition", input).path("taskDefinition");
            String fr = Views.text(td, "family") + ":" + Views.text(td, "revision");
            x.flash(Notice.success("Task definition " + fr + " was registered."));
            x.redirect("/console/ecs/task-definition?td=" + Views.url(fr));
        } catch (AwsServiceException e) {
            editorAgain(x, text, from, Notice.error(e));
        }
    }

    /** The editor with the user's text as typed, under the error (the text is never lost). */
    private static void editorAgain(Exchange x, String text, String from, Notice notice) {
        x.page(400, "ecs/editor.jte", Map.of("json", text, "from", from), notice);
    }

    // ---- run task ----

    private void runForm(Exchange x) {
        StringBuilder defaults = new StringBuilder("cluster=" + Views.url(x.query("cluster").isEmpty() ? DEFAULT_CLUSTER : x.query("cluster"))
                + "&td=" + Views.url(x.query("td")) + "&launchType=FARGATE&count=1"
                // RunTask's clientToken, made when the form is shown: submitting the same form twice (a
                // double click, a resent POST) is ECS's idempotent retry and starts the tasks once.
                + "&token=" + java.util.UUID.randomUUID());
        defaults.append(Network.of(x.api()).defaultChoices());
        Form form = Form.parse(defaults.toString());
        runPage(x, 200, form, null);
    }

    private void runPage(Exchange x, int status, Form form, Notice notice) {
        ConsoleApi api = x.api();
        // Kept in ListTaskDefinitions' DESC order: a family's newest revision comes first and is the default.
        List<String> taskDefinitions = new ArrayList<>(taskDefinitionChoices(api));
        String td = form.get("td");
        if (!td.isEmpty() && !taskDefinitions.contains(td)) {
            taskDefinitions.addFirst(td);
        }
        if (td.isEmpty() && !taskDefinitions.isEmpty()) {
            td = taskDefinitions.getFirst();
        }
        Map<String, Object> params = new HashMap<>();
        params.put("form", form);
        params.put("td", td);
        params.put("clusters", clusterChoices(api, form.get("cluster")));
        params.put("taskDefinitions", taskDefinitions);
        Network network = Network.of(api);
        params.put("subnets", network.subnets());
        params.put("groups", network.groups());
        params.put("overrides", overrides(api, td, form));
        x.page(status, "ecs/run.jte", params, notice);
    }

    /**
     * The clusters a form offers: {@code default} first (RunTask and CreateService create it when it is missing, as
     * ECS does), then the region's clusters, and the one the form names.
     */
    static List<String> clusterChoices(ConsoleApi api, String chosen) {
        Set<String> clusters = new LinkedHashSet<>();
        clusters.add(DEFAULT_CLUSTER);
        for (JsonNode arn : Views.list(api.ecs("ListClusters", ConsoleApi.input().put("maxResults", 100)), "clusterArns")) {
            clusters.add(EcsViews.clusterName(arn.asText()));
        }
        clusters.add(chosen);
        return clusters.stream().filter(c -> !c.isEmpty()).toList();
    }

    /** Every ACTIVE task definition as {@code family:revision}, in ListTaskDefinitions' DESC order. */
    static List<String> taskDefinitionChoices(ConsoleApi api) {
        List<String> taskDefinitions = new ArrayList<>();
        for (JsonNode arn : Views.list(api.ecs("ListTaskDefinitions", ConsoleApi.input().put("status", "ACTIVE")
                .put("sort", "DESC").put("maxResults", 100)), "taskDefinitionArns")) {
            taskDefinitions.add(EcsViews.familyRevision(arn.asText()));
        }
        return taskDefinitions;
    }

    /**
     * The subnets and security groups the Run task and Create service forms offer, read through EC2's API as the
     * signed-in user, like any client of Homeport.
     */
    record Network(List<EcsViews.SubnetChoice> subnets, List<EcsViews.GroupChoice> groups) {
        static Network of(ConsoleApi api) {
            return new Network(api.ec2Items("DescribeSubnets", "subnetSet").stream()
                    .map(s -> new EcsViews.SubnetChoice(s.get("subnetId"), s.getOrDefault("Name", ""),
                            s.get("cidrBlock"), s.get("availabilityZone"))).toList(),
                    api.ec2Items("DescribeSecurityGroups", "securityGroupInfo").stream()
                            .map(g -> new EcsViews.GroupChoice(g.get("groupId"), g.get("groupName"))).toList());
        }

        /** The form fields of the AWS console's defaults: every subnet and the first security group chosen. */
        String defaultChoices() {
            StringBuilder fields = new StringBuilder();
            subnets.forEach(s -> fields.append("&subnet=").append(Views.url(s.id())));
            groups.stream().findFirst().ifPresent(g -> fields.append("&sg=").append(Views.url(g.id())));
            return fields.toString();
        }
    }

    /** The override fields for another task definition, when the form's select changes. */
    private void overrideFields(Exchange x) {
        x.fragment("ecs/overrides.jte", Map.of("overrides", overrides(x.api(), x.query("td"), Form.parse(""))));
    }

    /** One override row per container of {@code td}, filled from the form (as typed) when it has them. */
    private static List<EcsViews.Override> overrides(ConsoleApi api, String td, Form form) {
        List<EcsViews.Override> out = new ArrayList<>();
        if (td.isEmpty()) {
            return out;
        }
        JsonNode definition;
        try {
            definition = api.ecs("DescribeTaskDefinition", ConsoleApi.input().put("taskDefinition", td)).path("taskDefinition");
        } catch (AwsServiceException e) {
            return out;   // RunTask itself reports an unknown task definition
        }
        List<JsonNode> containers = Views.list(definition, "containerDefinitions");
        for (int i = 0; i < containers.size(); i++) {
            String name = Views.text(containers.get(i), "name");
            boolean typed = name.equals(form.get("o" + i + ".name"));
            out.add(new EcsViews.Override(name, typed ? form.get("o" + i + ".command") : "",
                    typed ? form.get("o" + i + ".env") : ""));
        }
        return out;
    }

    private void run(Exchange x) {
        Form form = x.form();
        ObjectNode in = ConsoleApi.input().put("taskDefinition", form.get("td").strip())
                .put("launchType", form.get("launchType"));
        if (form.optional("token") != null) {
            in.put("clientToken", form.get("token"));
        }
        String cluster = form.get("cluster").strip();
        if (!cluster.isEmpty() && !cluster.equals(DEFAULT_CLUSTER)) {
            in.put("cluster", cluster);
        }
        // Left out for the default cluster: RunTask then creates it when missing, as ECS does.
        String count = form.get("count").strip();
        try {
            in.put("count", count.isEmpty() ? 1 : Integer.parseInt(count));
        } catch (NumberFormatException e) {
            runPage(x, 400, form, Notice.error("InvalidParameterException",
                    "Number of tasks must be a whole number from 1 to 10."));
            return;
        }
        in.set("networkConfiguration", networkConfiguration(form));
        ArrayNode containerOverrides = JSON.createArrayNode();
        for (int i = 0; form.has("o" + i + ".name"); i++) {
            String name = form.get("o" + i + ".name");
            ObjectNode o = JSON.createObjectNode().put("name", name);
            List<String> command = lines(form.get("o" + i + ".command"));
            if (!command.isEmpty()) {
                ArrayNode c = o.putArray("command");
                command.forEach(c::add);
            }
            List<String> env = lines(form.get("o" + i + ".env"));
            if (!env.isEmpty()) {
                ArrayNode e = o.putArray("environment");
                for (String line : env) {
                    int eq = line.indexOf('=');
                    if (eq <= 0) {
                        runPage(x, 400, form, Notice.error("InvalidParameterException",
                                "Environment variable overrides of container " + name + " must be KEY=VALUE lines; '"
                                        + line + "' is not."));
                        return;
                    }
                    e.addObject().put("name", line.substring(0, eq).strip()).put("value", line.substring(eq + 1));
                }
            }
            if (o.size() > 1) {
                containerOverrides.add(o);
            }
        }
        if (!containerOverrides.isEmpty()) {
            in.putObject("overrides").set("containerOverrides", containerOverrides);
        }
        try {
            JsonNode out = x.api().ecs("RunTask", in);
            List<JsonNode> started = Views.list(out, "tasks");
            if (started.isEmpty()) {
                // RunTask reports placement failures in "failures", with a 200: shown like an error.
                JsonNode f = out.path("failures").path(0);
                runPage(x, 400, form, Notice.error("RunTask failed",
                        Views.text(f, "reason") + " " + Views.text(f, "detail")));
                return;
            }
            List<String> ids = started.stream().map(t -> Views.shortId(Views.text(t, "taskArn"))).toList();
            String clusterName = EcsViews.clusterName(Views.text(started.getFirst(), "clusterArn"));
            x.flash(Notice.success((ids.size() == 1 ? "Task " : "Tasks ") + String.join(", ", ids)
                    + (ids.size() == 1 ? " was" : " were") + " started."));
            x.redirect("/console/ecs/cluster?name=" + Views.url(clusterName));
        } catch (AwsServiceException e) {
            runPage(x, e.httpStatus(), form, Notice.error(e));
        }
    }

    /** The network configuration the Networking fields (ecs/network.jte) choose, as RunTask and CreateService take it. */
    static ObjectNode networkConfiguration(Form form) {
        ObjectNode network = JSON.createObjectNode();
        ObjectNode vpc = network.putObject("awsvpcConfiguration");
        ArrayNode subnets = vpc.putArray("subnets");
        form.all("subnet").forEach(subnets::add);
        ArrayNode groups = vpc.putArray("securityGroups");
        form.all("sg").forEach(groups::add);
        vpc.put("assignPublicIp", "on".equals(form.get("publicIp")) ? "ENABLED" : "DISABLED");
        return network;
    }

    /** The non-blank lines of a text area, without their line ends. */
    private static List<String> lines(String text) {
        return text.lines().filter(l -> !l.isBlank()).map(l -> l.endsWith("\r") ? l.substring(0, l.length() - 1) : l).toList();
    }

    // ---- a task ----

    private void task(Exchange x) {
        Map<String, Object> params = taskParams(x);
        if (params != null) {
            params.put("runtime", x.runtime());
            x.page("ecs/task.jte", params);
        }
    }

    /** The changing part of the task page: what its htmx polling swaps in every 2 seconds until STOPPED. */
    private void taskLive(Exchange x) {
        Map<String, Object> params = taskParams(x);
        if (params != null) {
            x.fragment("ecs/task-live.jte", params);
        }
    }

    private Map<String, Object> taskParams(Exchange x) {
        String cluster = x.query("cluster");
        String id = x.query("id");
        ConsoleApi api = x.api();
        ObjectNode in = ConsoleApi.input().put("cluster", cluster);
        in.putArray("tasks").add(id);
        JsonNode out = api.ecs("DescribeTasks", in);
        if (out.path("tasks").isEmpty()) {
            x.page(404, "error.jte", Map.of(), Notice.error("InvalidParameterException",
                    "Task " + id + " was not found in cluster " + cluster + " ("
                            + Views.text(out.path("failures").path(0), "reason", "MISSING") + ")."));
            return null;
        }
        JsonNode task = out.path("tasks").path(0);
        JsonNode definition = null;
        try {
            definition = api.ecs("DescribeTaskDefinition",
                    ConsoleApi.input().put("taskDefinition", Views.text(task, "taskDefinitionArn"))).path("taskDefinition");
        } catch (AwsServiceException e) {
            // A deleted task definition: the page shows the task without its secrets and logs.
        }
        Map<String, Object> params = new HashMap<>();
        params.put("cluster", cluster);
        params.put("id", id);
        params.put("task", task);
        params.put("secrets", definition == null ? List.of() : EcsViews.secrets(definition));
        params.put("taskRole", EcsViews.role(task, definition, "taskRoleArn", api.accountId()));
        params.put("executionRole", EcsViews.role(task, definition, "executionRoleArn", api.accountId()));
        params.put("logs", definition == null ? List.of() : logTails(api, definition, id));
        return params;
    }

    /**
     * The last events of each awslogs container. The awslogs driver writes container {@code c} of task
     * {@code id} to stream {@code <awslogs-stream-prefix>/c/id} of {@code awslogs-group}.
     */
    private static List<EcsViews.LogTail> logTails(ConsoleApi api, JsonNode definition, String taskId) {
        List<EcsViews.LogTail> out = new ArrayList<>();
        for (JsonNode c : Views.list(definition, "containerDefinitions")) {
            JsonNode config = c.path("logConfiguration");
            if (!"awslogs".equals(Views.text(config, "logDriver"))) {
                continue;
            }
            String name = Views.text(c, "name");
            JsonNode options = config.path("options");
            String group = Views.text(options, "awslogs-group");
            String prefix = Views.text(options, "awslogs-stream-prefix");
            String region = Views.text(options, "awslogs-region", api.region());
            String stream = prefix.isEmpty() ? "" : prefix + "/" + name + "/" + taskId;
            if (group.isEmpty() || stream.isEmpty()) {
                out.add(new EcsViews.LogTail(name, group, stream, List.of(),
                        "The log configuration has no awslogs-group or awslogs-stream-prefix."));
                continue;
            }
            if (!region.equals(api.region())) {
                out.add(new EcsViews.LogTail(name, group, stream, List.of(),
                        "The logs are in region " + region + "; switch to that region to read them."));
                continue;
            }
            try {
                JsonNode events = api.logs("GetLogEvents", ConsoleApi.input().put("logGroupName", group)
                        .put("logStreamName", stream).put("startFromHead", false).put("limit", 50));
                List<JsonNode> list = Views.list(events, "events");
                out.add(new EcsViews.LogTail(name, group, stream, list, list.isEmpty() ? "No log events yet." : ""));
            } catch (AwsServiceException e) {
                out.add(new EcsViews.LogTail(name, group, stream, List.of(),
                        "ResourceNotFoundException".equals(e.errorType()) ? "No log events yet: the log stream does not exist."
                                : e.errorType() + ": " + e.getMessage()));
            }
        }
        return out;
    }

    private void stop(Exchange x) {
        String cluster = x.form().get("cluster");
        String id = x.form().get("id");
        try {
            x.api().ecs("StopTask", ConsoleApi.input().put("cluster", cluster).put("task", id).put("reason", STOP_REASON));
            x.flash(Notice.success("Task " + id + " is stopping."));
        } catch (AwsServiceException e) {
            x.flash(Notice.error(e));
        }
        x.redirect("/console/ecs/task?cluster=" + Views.url(cluster) + "&id=" + Views.url(id));
    }
}
