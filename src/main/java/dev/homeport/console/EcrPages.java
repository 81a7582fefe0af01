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
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Amazon ECR: the region's repositories (and a form to create one), a repository's images with their tags, digests,
 * sizes and push times, the commands that push to it (as AWS's console shows them), its tag mutability, and its
 * lifecycle policy as a list of rules (added and removed one at a time, as AWS's console edits them).
 */
final class EcrPages implements Section {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String name() {
        return "ecr";
    }

    @Override
    public void register(Section.Routes router) {
        router.get("/ecr", this::repositories)
                .post("/ecr/create", this::create)
                .get("/ecr/repository", this::repository)
                .post("/ecr/mutability", this::mutability)
                .get("/ecr/lifecycle", this::lifecycle)
                .post("/ecr/lifecycle/add", this::addLifecycleRule)
                .post("/ecr/lifecycle/remove", this::removeLifecycleRule);
    }

    private void repositories(Exchange x) {
        JsonNode repositories = x.api().ecr("DescribeRepositories", ConsoleApi.input().put("maxResults", 1000));
        x.page("ecr/repositories.jte", Map.of("repositories", repositories, "name", ""));
    }

    private void create(Exchange x) {
        String name = x.form().get("name").strip();
        ObjectNode in = ConsoleApi.input().put("repositoryName", name)
                .put("imageTagMutability", "IMMUTABLE".equals(x.form().get("mutability")) ? "IMMUTABLE" : "MUTABLE");
        try {
            x.api().ecr("CreateRepository", in);
        } catch (AwsServiceException e) {
            JsonNode repositories = x.api().ecr("DescribeRepositories", ConsoleApi.input().put("maxResults", 1000));
            x.page(e.httpStatus(), "ecr/repositories.jte", Map.of("repositories", repositories, "name", name),
                    Notice.error(e));
            return;
        }
        x.flash(Notice.success("Repository " + name + " created"));
        x.redirect("/console/ecr/repository?name=" + Views.url(name));
    }

    private void repository(Exchange x) {
        String name = x.query("name");
        JsonNode repository = x.api().ecr("DescribeRepositories", repository(name)).path("repositories").path(0);
        JsonNode images = x.api().ecr("DescribeImages", ConsoleApi.input().put("repositoryName", name)
                .put("maxResults", 1000));
        Map<String, Object> params = new HashMap<>();
        params.put("repository", repository);
        params.put("images", images);
        params.put("region", x.api().region());
        x.page("ecr/repository.jte", params);
    }

    private void mutability(Exchange x) {
        String name = x.form().get("name");
        String mutability = "IMMUTABLE".equals(x.form().get("mutability")) ? "IMMUTABLE" : "MUTABLE";
        x.api().ecr("PutImageTagMutability", ConsoleApi.input().put("repositoryName", name)
                .put("imageTagMutability", mutability));
        x.flash(Notice.success("Tag mutability of " + name + " set to " + mutability));
        x.redirect("/console/ecr/repository?name=" + Views.url(name));
    }

    private void lifecycle(Exchange x) {
        lifecyclePage(x, x.query("name"), 200, null);
    }

    private void lifecyclePage(Exchange x, String name, int status, Notice notice) {
        Map<String, Object> params = new HashMap<>();
        params.put("name", name);
        params.put("policy", policy(x, name).orElse(null));
        params.put("rules", rules(x, name));
        x.page(status, "ecr/lifecycle.jte", params, notice);
    }

    /** The repository's lifecycle policy (GetLifecyclePolicy's answer), if it has one. */
    private static Optional<JsonNode> policy(Exchange x, String name) {
        try {
            return Optional.of(x.api().ecr("GetLifecyclePolicy", ConsoleApi.input().put("repositoryName", name)));
        } catch (AwsServiceException e) {
            if (e.errorType().equals("LifecyclePolicyNotFoundException")) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The policy's rules, lowest priority number (applied first) first; none without a policy. */
    private static ArrayNode rules(Exchange x, String name) {
        ArrayNode rules = JSON.createArrayNode();
        policy(x, name).ifPresent(p -> {
            try {
                JSON.readTree(p.path("lifecyclePolicyText").asText()).path("rules").forEach(rules::add);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a stored lifecycle policy is not JSON", e);
            }
        });
        List<JsonNode> sorted = new ArrayList<>();
        rules.forEach(sorted::add);
        sorted.sort(Comparator.comparingLong(r -> r.path("rulePriority").asLong()));
        rules.removeAll();
        rules.addAll(sorted);
        return rules;
    }

    /** One rule from the form, added to the policy; ECR validates the whole policy as PutLifecyclePolicy does. */
    private void addLifecycleRule(Exchange x) {
        Form form = x.form();
        String name = form.get("name");
        ObjectNode rule = JSON.createObjectNode();
        rule.put("rulePriority", number(form.get("priority")));
        if (form.optional("description") != null) {
            rule.put("description", form.optional("description"));
        }
        ObjectNode selection = rule.putObject("selection");
        String tagStatus = form.has("tagStatus") ? form.get("tagStatus") : "any";
        selection.put("tagStatus", tagStatus);
        if (tagStatus.equals("tagged")) {
            ArrayNode list = selection.putArray(form.get("tagMatch").equals("wildcard") ? "tagPatternList" : "tagPrefixList");
            for (String t : form.get("tags").split(",")) {
                if (!t.isBlank()) {
                    list.add(t.strip());
                }
            }
        }
        String countType = form.get("countType");
        selection.put("countType", countType);
        if ("sinceImagePushed".equals(countType)) {
            selection.put("countUnit", "days");
        }
        selection.put("countNumber", number(form.get("countNumber")));
        rule.putObject("action").put("type", "expire");
        ArrayNode rules = rules(x, name);
        rules.add(rule);
        putPolicy(x, name, rules, "Rule " + rule.path("rulePriority").asText() + " added");
    }

    private void removeLifecycleRule(Exchange x) {
        String name = x.form().get("name");
        long priority = number(x.form().get("priority"));
        ArrayNode rules = rules(x, name);
        ArrayNode kept = JSON.createArrayNode();
        rules.forEach(r -> {
            if (r.path("rulePriority").asLong() != priority) {
                kept.add(r);
            }
        });
        if (kept.isEmpty()) {
            // ECR refuses a policy without rules: the last rule goes with the policy.
            x.api().ecr("DeleteLifecyclePolicy", ConsoleApi.input().put("repositoryName", name));
            x.flash(Notice.success("Lifecycle policy of " + name + " deleted"));
            x.redirect("/console/ecr/lifecycle?name=" + Views.url(name));
            return;
        }
        putPolicy(x, name, kept, "Rule " + priority + " removed");
    }

    private void putPolicy(Exchange x, String name, ArrayNode rules, String done) {
        ObjectNode policy = JSON.createObjectNode();
        policy.set("rules", rules);
        try {
            x.api().ecr("PutLifecyclePolicy", ConsoleApi.input().put("repositoryName", name)
                    .put("lifecyclePolicyText", policy.toString()));
        } catch (AwsServiceException e) {
            lifecyclePage(x, name, e.httpStatus(), Notice.error(e));
            return;
        }
        x.flash(Notice.success(done));
        x.redirect("/console/ecr/lifecycle?name=" + Views.url(name));
    }

    /** A form's whole number; anything else is -1, which ECR's validation refuses with its own message. */
    private static long number(String text) {
        try {
            return Long.parseLong(text == null ? "" : text.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static ObjectNode repository(String name) {
        ObjectNode in = ConsoleApi.input();
        in.putArray("repositoryNames").add(name);
        return in;
    }
}
