package dev.homeport.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homeport.protocol.AwsServiceException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * ECS services: the Services table of a cluster's page, a service's page (its settings, deployments with their
 * progress, tasks and events, which refresh themselves with htmx polling as the task pages do), and the forms that
 * create, update and delete a service. Like every console page they call ECS's API as the signed-in user, so what ECS
 * refuses is shown as ECS's error above the form, with what was typed kept. Registered by {@link EcsPages}: these
 * pages are part of the ECS section.
 */
final class EcsServicePages {
    /** DescribeServices describes at most 10 services a call. */
    private static final int DESCRIBE_BATCH = 10;

    void register(Section.Routes router) {
        router.get("/ecs/services/create", this::createForm)
                .post("/ecs/services", this::create)
                .get("/ecs/service", this::service)
                .get("/ecs/service/live", this::serviceLive)
                .post("/ecs/service/update", this::update)
                .post("/ecs/service/delete", this::delete);
    }

    private static String servicePath(String cluster, String name) {
        return "/console/ecs/service?cluster=" + Views.url(cluster) + "&name=" + Views.url(name);
    }

    // ---- a cluster's services ----

    /**
     * The cluster's services, by name: every page of ListServices (which lists ACTIVE services only, as ECS does),
     * then DescribeServices for their counts and deployments, 10 at a time.
     */
    static List<JsonNode> services(ConsoleApi api, String cluster) {
        List<String> arns = new ArrayList<>();
        String nextToken = "";
        do {
            ObjectNode in = ConsoleApi.input().put("cluster", cluster).put("maxResults", 100);
            if (!nextToken.isEmpty()) {
                in.put("nextToken", nextToken);
            }
            JsonNode page = api.ecs("ListServices", in);
            Views.list(page, "serviceArns").forEach(arn -> arns.add(arn.asText()));
            nextToken = Views.text(page, "nextToken");
        } while (!nextToken.isEmpty());
        List<JsonNode> services = new ArrayList<>();
        for (int from = 0; from < arns.size(); from += DESCRIBE_BATCH) {
            ObjectNode in = ConsoleApi.input().put("cluster", cluster);
            ArrayNode batch = in.putArray("services");
            arns.subList(from, Math.min(arns.size(), from + DESCRIBE_BATCH)).forEach(batch::add);
            services.addAll(Views.list(api.ecs("DescribeServices", in), "services"));
        }
        services.sort(Comparator.comparing(s -> Views.text(s, "serviceName")));
        return services;
    }

    // ---- create ----

    private void createForm(Exchange x) {
        String cluster = x.query("cluster").isEmpty() ? EcsPages.DEFAULT_CLUSTER : x.query("cluster");
        // ECS's defaults for a rolling update (100% and 200%, the circuit breaker off) and one task. The token is
        // CreateService's clientToken, made when the form is shown, as the Run task form makes RunTask's.
        String defaults = "cluster=" + Views.url(cluster) + "&td=" + Views.url(x.query("td"))
                + "&launchType=FARGATE&count=1&minHealthy=100&maxPercent=200&token=" + UUID.randomUUID()
                + EcsPages.Network.of(x.api()).defaultChoices();
        createPage(x, 200, Form.parse(defaults), null);
    }

    private void createPage(Exchange x, int status, Form form, Notice notice) {
        ConsoleApi api = x.api();
        List<EcsViews.FamilyChoice> families = new ArrayList<>(EcsViews.byFamily(EcsPages.taskDefinitionChoices(api)));
        String td = form.get("td");
        boolean offered = families.stream().anyMatch(f -> f.family().equals(td) || f.revisions().contains(td));
        if (!td.isEmpty() && !offered) {
            // A name from a link or typed elsewhere stays the choice; CreateService says whether it exists.
            families.addFirst(new EcsViews.FamilyChoice(td, List.of()));
        }
        Map<String, Object> params = new HashMap<>();
        params.put("form", form);
        params.put("td", td.isEmpty() && !families.isEmpty() ? families.getFirst().family() : td);
        params.put("clusters", EcsPages.clusterChoices(api, form.get("cluster")));
        params.put("families", families);
        EcsPages.Network network = EcsPages.Network.of(api);
        params.put("subnets", network.subnets());
        params.put("groups", network.groups());
        x.page(status, "ecs/create-service.jte", params, notice);
    }

    private void create(Exchange x) {
        Form form = x.form();
        ObjectNode in;
        try {
            in = createServiceInput(form);
        } catch (FormError e) {
            createPage(x, 400, form, e.notice());
            return;
        }
        try {
            JsonNode service = x.api().ecs("CreateService", in).path("service");
            String name = Views.text(service, "serviceName");
            x.flash(Notice.success("Service " + name + " was created."));
            x.redirect(servicePath(EcsViews.clusterName(Views.text(service, "clusterArn")), name));
        } catch (AwsServiceException e) {
            createPage(x, e.httpStatus(), form, Notice.error(e));
        }
    }

    /** CreateService's input from the Create service form. */
    private static ObjectNode createServiceInput(Form form) {
        ObjectNode in = ConsoleApi.input().put("serviceName", form.get("name").strip())
                .put("taskDefinition", form.get("td").strip()).put("launchType", form.get("launchType"));
        if (form.optional("token") != null) {
            in.put("clientToken", form.get("token"));
        }
        String cluster = form.get("cluster").strip();
        if (!cluster.isEmpty() && !cluster.equals(EcsPages.DEFAULT_CLUSTER)) {
            in.put("cluster", cluster);
        }
        // Left out for the default cluster: CreateService then creates it when missing, as ECS does.
        putWholeNumber(in, "desiredCount", form, "count", "Desired tasks");
        ObjectNode deployment = in.putObject("deploymentConfiguration");
        putWholeNumber(deployment, "minimumHealthyPercent", form, "minHealthy", "Minimum healthy percent");
        putWholeNumber(deployment, "maximumPercent", form, "maxPercent", "Maximum percent");
        deployment.putObject("deploymentCircuitBreaker").put("enable", "on".equals(form.get("breaker")))
                .put("rollback", "on".equals(form.get("rollback")));
        in.set("networkConfiguration", EcsPages.networkConfiguration(form));
        return in;
    }

    // ---- a service ----

    private void service(Exchange x) {
        servicePage(x, 200, x.query("cluster"), x.query("name"), null, null);
    }

    /**
     * The service's page. {@code update} is the Update service form as typed (after an error), or null for the
     * service's own values.
     */
    private void servicePage(Exchange x, int status, String cluster, String name, Form update, Notice notice) {
        ConsoleApi api = x.api();
        JsonNode service = describe(x, cluster, name);
        if (service == null) {
            return;
        }
        String current = EcsViews.familyRevision(Views.text(service, "taskDefinition"));
        if (update == null) {
            update = Form.parse("td=" + Views.url(current) + "&count=" + Views.text(service, "desiredCount"));
        }
        // The Update form offers the family's ACTIVE revisions, and the one the service runs even if deregistered.
        List<String> revisions = new ArrayList<>(EcsPages.revisions(api, EcsViews.family(current)));
        if (!revisions.contains(current)) {
            revisions.add(current);
        }
        Map<String, Object> params = new HashMap<>();
        params.put("cluster", cluster);
        params.put("service", service);
        params.put("tasks", tasks(api, cluster, name));
        params.put("current", current);
        params.put("revisions", revisions);
        params.put("update", update);
        x.page(status, "ecs/service.jte", params, notice);
    }

    /** The changing part of the service page: what its htmx polling swaps in every 2 seconds until INACTIVE. */
    private void serviceLive(Exchange x) {
        String cluster = x.query("cluster");
        String name = x.query("name");
        JsonNode service = describe(x, cluster, name);
        if (service != null) {
            x.fragment("ecs/service-live.jte", Map.of("cluster", cluster, "service", service,
                    "tasks", tasks(x.api(), cluster, name)));
        }
    }

    /** DescribeServices of one service; null, with the not-found page answered, when ECS has no such service. */
    private static JsonNode describe(Exchange x, String cluster, String name) {
        ObjectNode in = ConsoleApi.input().put("cluster", cluster);
        in.putArray("services").add(name);
        JsonNode described = x.api().ecs("DescribeServices", in);
        if (described.path("services").isEmpty()) {
            // DescribeServices answers an unknown name with a failure entry, not an error; the console says so.
            x.page(404, "error.jte", Map.of(), Notice.error("ServiceNotFoundException", "Service " + name
                    + " was not found in cluster " + cluster + " ("
                    + Views.text(described.path("failures").path(0), "reason", "MISSING") + ")."));
            return null;
        }
        return described.path("services").path(0);
    }

    /** The service's tasks that are meant to run, as the AWS console's service page lists them. */
    private static List<JsonNode> tasks(ConsoleApi api, String cluster, String service) {
        return EcsPages.tasks(api, ConsoleApi.input().put("cluster", cluster).put("serviceName", service)
                .put("desiredStatus", "RUNNING"));
    }

    // ---- update, delete ----

    private void update(Exchange x) {
        Form form = x.form();
        String cluster = form.get("cluster");
        String name = form.get("name");
        ObjectNode in = ConsoleApi.input().put("cluster", cluster).put("service", name);
        try {
            putWholeNumber(in, "desiredCount", form, "count", "Desired tasks");
        } catch (FormError e) {
            servicePage(x, 400, cluster, name, form, e.notice());
            return;
        }
        // The revision is sent only when another one was chosen than the service ran when the page was shown: the
        // same one would change nothing, and a deregistered one is refused even then.
        if (!form.get("td").equals(form.get("current"))) {
            in.put("taskDefinition", form.get("td"));
        }
        if ("on".equals(form.get("force"))) {
            in.put("forceNewDeployment", true);
        }
        try {
            x.api().ecs("UpdateService", in);
            x.flash(Notice.success("Service " + name + " was updated."));
            x.redirect(servicePath(cluster, name));
        } catch (AwsServiceException e) {
            servicePage(x, e.httpStatus(), cluster, name, form, Notice.error(e));
        }
    }

    private void delete(Exchange x) {
        Form form = x.form();
        String cluster = form.get("cluster");
        String name = form.get("name");
        try {
            JsonNode service = x.api().ecs("DeleteService", ConsoleApi.input().put("cluster", cluster)
                    .put("service", name).put("force", "on".equals(form.get("force")))).path("service");
            // DeleteService answers DRAINING: the service becomes INACTIVE once the scheduler has stopped its tasks.
            x.flash(Notice.success("Service " + name + " was deleted. It is " + Views.text(service, "status")
                    + " until its tasks have stopped, then INACTIVE."));
            x.redirect(servicePath(cluster, name));
        } catch (AwsServiceException e) {
            servicePage(x, e.httpStatus(), cluster, name, null, Notice.error(e));
        }
    }

    // ---- form fields ----

    /**
     * Puts the whole number in form field {@code field} into {@code in} as {@code member}; a blank field is left out
     * (ECS's default applies). Anything else is a {@link FormError} naming the field by its {@code label}.
     */
    private static void putWholeNumber(ObjectNode in, String member, Form form, String field, String label) {
        String text = form.get(field).strip();
        if (text.isEmpty()) {
            return;
        }
        try {
            in.put(member, Integer.parseInt(text));
        } catch (NumberFormatException e) {
            throw new FormError(label + " must be a whole number; '" + text + "' is not.");
        }
    }

    /** A form field the console cannot turn into the API's input; shown the way the API's own errors are. */
    private static final class FormError extends RuntimeException {
        FormError(String message) {
            super(message, null, false, false);
        }

        Notice notice() {
            return Notice.error("InvalidParameterException", getMessage());
        }
    }
}
