package dev.homeport.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homeport.protocol.AwsServiceException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Secrets Manager pages: the list with search, create, a secret's details, retrieving and editing
 * its value, deletion and restore. A secret's value is only ever sent in answer to a POST made by
 * the "Retrieve secret value" (or "Edit") button, never as part of a page.
 */
final class SecretsPages implements Section {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The search box's fields, as ListSecrets filter keys, in the order the select shows them. */
    static final List<String> SEARCH_FIELDS = List.of("all", "name", "description", "tag-key", "tag-value");

    @Override
    public String name() {
        return "secrets";
    }

    @Override
    public void register(Section.Routes router) {
        router.get("/secrets", this::list)
                .get("/secrets/new", this::newForm)
                .get("/secrets/kv-row", x -> x.fragment("secrets/kv-row.jte", Map.of("key", "", "value", "")))
                .post("/secrets", this::create)
                .get("/secrets/detail", this::detail)
                .post("/secrets/reveal", this::reveal)
                .post("/secrets/edit-form", this::editForm)
                .post("/secrets/put-value", this::putValue)
                .post("/secrets/delete", this::delete)
                .post("/secrets/restore", this::restore);
    }

    private void list(Exchange x) {
        String q = x.query("q").strip();
        String field = SEARCH_FIELDS.contains(x.query("field")) ? x.query("field") : "all";
        boolean deleted = "on".equals(x.query("deleted"));
        ObjectNode in = ConsoleApi.input().put("MaxResults", 50).put("IncludePlannedDeletion", deleted);
        if (!x.query("next").isEmpty()) {
            in.put("NextToken", x.query("next"));
        }
        if (!q.isEmpty()) {
            ObjectNode filter = in.putArray("Filters").addObject().put("Key", field);
            filter.putArray("Values").add(q);
        }
        Map<String, Object> params = new HashMap<>(Map.of("q", q, "field", field, "deleted", deleted,
                "fields", SEARCH_FIELDS));
        try {
            params.put("page", x.api().secrets("ListSecrets", in));
            x.page("secrets/list.jte", params);
        } catch (AwsServiceException e) {
            // A bad search (a filter value AWS refuses): the list page with AWS's message, not an error page.
            params.put("page", JSON.createObjectNode());
            x.page(e.httpStatus(), "secrets/list.jte", params, Notice.error(e));
        }
    }

    private void newForm(Exchange x) {
        x.page("secrets/new.jte", Map.of("form", Form.parse("token=" + java.util.UUID.randomUUID()),
                "pairs", List.of(new Pair("", ""))));
    }

    private void create(Exchange x) {
        Form form = x.form();
        ObjectNode in = ConsoleApi.input().put("Name", form.get("name").strip());
        if (form.optional("description") != null) {
            in.put("Description", form.get("description"));
        }
        in.put("SecretString", secretString(form));
        in.put("ClientRequestToken", requestToken(form));
        ArrayNode tags = JSON.createArrayNode();
        List<String> keys = form.all("tk");
        List<String> values = form.all("tv");
        for (int i = 0; i < keys.size(); i++) {
            if (!keys.get(i).isBlank()) {
                tags.addObject().put("Key", keys.get(i).strip()).put("Value", i < values.size() ? values.get(i) : "");
            }
        }
        if (!tags.isEmpty()) {
            in.set("Tags", tags);
        }
        try {
            JsonNode out = x.api().secrets("CreateSecret", in);
            x.flash(Notice.success("Secret " + out.path("Name").asText() + " was created."));
            x.redirect("/console/secrets/detail?id=" + Views.url(out.path("ARN").asText()));
        } catch (AwsServiceException e) {
            // The form again, as typed, with AWS's message; the value is typed back only into the form.
            x.page(e.httpStatus(), "secrets/new.jte",
                    Map.of("form", form, "pairs", pairs(form)), Notice.error(e));
        }
    }

    private void detail(Exchange x) {
        String id = x.query("id");
        ConsoleApi api = x.api();
        JsonNode secret = api.secrets("DescribeSecret", ConsoleApi.input().put("SecretId", id));
        String arn = secret.path("ARN").asText();
        JsonNode versions = api.secrets("ListSecretVersionIds",
                ConsoleApi.input().put("SecretId", arn).put("IncludeDeprecated", true).put("MaxResults", 100));
        String policy = "";
        try {
            policy = Views.text(api.secrets("GetResourcePolicy", ConsoleApi.input().put("SecretId", arn)), "ResourcePolicy");
        } catch (AwsServiceException e) {
            // Policies of a secret scheduled for deletion cannot be read; the page shows none.
        }
        x.page("secrets/detail.jte", Map.of("secret", secret, "versions", versions, "policy", policy));
    }

    private void reveal(Exchange x) {
        JsonNode value = x.api().secrets("GetSecretValue", ConsoleApi.input().put("SecretId", x.form().get("id")));
        x.fragment("secrets/value.jte", Map.of("value", value, "pairs", pairsOf(value)));
    }

    private void editForm(Exchange x) {
        JsonNode value = x.api().secrets("GetSecretValue", ConsoleApi.input().put("SecretId", x.form().get("id")));
        List<Pair> pairs = pairsOf(value);
        x.fragment("secrets/edit.jte", Map.of("arn", value.path("ARN").asText(), "pairs", pairs,
                "token", java.util.UUID.randomUUID().toString(),
                "plaintext", Views.text(value, "SecretString"), "keyValue", !pairs.isEmpty()));
    }

    private void putValue(Exchange x) {
        Form form = x.form();
        String id = form.get("id");
        try {
            JsonNode out = x.api().secrets("PutSecretValue",
                    ConsoleApi.input().put("SecretId", id).put("SecretString", secretString(form))
                            .put("ClientRequestToken", requestToken(form)));
            x.flash(Notice.success("The secret value was saved as version " + out.path("VersionId").asText() + "."));
        } catch (AwsServiceException e) {
            x.flash(Notice.error(e));
        }
        x.redirect("/console/secrets/detail?id=" + Views.url(id));
    }

    private void delete(Exchange x) {
        Form form = x.form();
        String id = form.get("id");
        ObjectNode in = ConsoleApi.input().put("SecretId", id);
        try {
            in.put("RecoveryWindowInDays", Long.parseLong(form.get("days").strip()));
        } catch (NumberFormatException e) {
            // Sent as typed so that AWS's own validation message answers it.
            in.put("RecoveryWindowInDays", form.get("days"));
        }
        try {
            JsonNode out = x.api().secrets("DeleteSecret", in);
            x.flash(Notice.success("Secret " + out.path("Name").asText() + " is scheduled for deletion on "
                    + Views.date(out, "DeletionDate") + "."));
        } catch (AwsServiceException e) {
            x.flash(Notice.error(e));
        }
        x.redirect("/console/secrets/detail?id=" + Views.url(id));
    }

    private void restore(Exchange x) {
        String id = x.form().get("id");
        try {
            JsonNode out = x.api().secrets("RestoreSecret", ConsoleApi.input().put("SecretId", id));
            x.flash(Notice.success("Secret " + out.path("Name").asText() + " was restored."));
        } catch (AwsServiceException e) {
            x.flash(Notice.error(e));
        }
        x.redirect("/console/secrets/detail?id=" + Views.url(id));
    }

    /**
     * The value the form describes: the key/value rows as a JSON object (what the AWS console stores
     * for "Key/value"), or the plaintext as typed.
     */
    private static String secretString(Form form) {
        if (!"kv".equals(form.get("type"))) {
            return form.get("plaintext");
        }
        Map<String, String> object = new LinkedHashMap<>();
        for (Pair p : pairs(form)) {
            if (!p.key().isBlank()) {
                object.put(p.key().strip(), p.value());
            }
        }
        try {
            return JSON.writeValueAsString(object);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The version id of the value a form stores. SDKs and the AWS console send one with every new value
     * (AWS requires it); here it is generated when the form is shown, so submitting the same form twice
     * (a double click, a reload) is the idempotent retry AWS defines, not a second version.
     */
    private static String requestToken(Form form) {
        String token = form.optional("token");
        return token == null ? java.util.UUID.randomUUID().toString() : token;
    }

    private static List<Pair> pairs(Form form) {
        List<String> keys = form.all("k");
        List<String> values = form.all("v");
        List<Pair> out = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            out.add(new Pair(keys.get(i), i < values.size() ? values.get(i) : ""));
        }
        return out.isEmpty() ? List.of(new Pair("", "")) : out;
    }

    /** A value's key/value pairs when it is a flat JSON object (as the AWS console shows it), else none. */
    static List<Pair> pairsOf(JsonNode value) {
        String text = Views.text(value, "SecretString");
        List<Pair> out = new ArrayList<>();
        try {
            JsonNode tree = JSON.readTree(text);
            if (tree == null || !tree.isObject()) {
                return List.of();
            }
            for (var it = tree.fields(); it.hasNext(); ) {
                var e = it.next();
                if (e.getValue().isContainerNode()) {
                    return List.of();
                }
                out.add(new Pair(e.getKey(), e.getValue().asText()));
            }
        } catch (JsonProcessingException e) {
            return List.of();
        }
        return out;
    }
}
