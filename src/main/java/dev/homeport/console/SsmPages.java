package dev.homeport.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homeport.protocol.AwsServiceException;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * SSM Parameter Store: the region's parameters (browsed by path), creating one, a parameter's details, value, versions
 * with their labels, tags, a new value, labels attached and removed, deletion. A SecureString's plaintext is only sent
 * in answer to the POST its "Show" button makes (GetParameter WithDecryption), never as part of a page.
 */
final class SsmPages implements Section {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How many parameters the list shows at most (DescribeParameters pages of 50 followed up to this). */
    static final int LIST_LIMIT = 500;
    static final List<String> TYPES = List.of("String", "StringList", "SecureString");

    @Override
    public String name() {
        return "ssm";
    }

    @Override
    public void register(Section.Routes router) {
        router.get("/ssm", this::list)
                .post("/ssm/create", this::create)
                .get("/ssm/parameter", this::parameter)
                .post("/ssm/reveal", this::reveal)
                .post("/ssm/put", this::put)
                .post("/ssm/label", this::label)
                .post("/ssm/unlabel", this::unlabel)
                .post("/ssm/delete", this::delete);
    }

    private void list(Exchange x) {
        listPage(x, Form.parse(""), 200, null);
    }

    /** The list (filtered by the query's path) with the create form showing {@code form}. */
    private void listPage(Exchange x, Form form, int status, Notice notice) {
        String path = x.query("path").strip();
        ArrayNode parameters = JSON.createArrayNode();
        boolean more = false;
        Notice shown = notice;
        try {
            String next = null;
            do {
                ObjectNode in = ConsoleApi.input().put("MaxResults", 50);
                if (next != null) {
                    in.put("NextToken", next);
                }
                if (!path.isEmpty()) {
                    ObjectNode filter = in.putArray("ParameterFilters").addObject();
                    if (path.startsWith("/")) {
                        // A hierarchy: everything below it, as the AWS console's path browsing shows.
                        filter.put("Key", "Path").put("Option", "Recursive").putArray("Values").add(path);
                    } else {
                        filter.put("Key", "Name").put("Option", "BeginsWith").putArray("Values").add(path);
                    }
                }
                JsonNode out = x.api().ssm("DescribeParameters", in);
                out.path("Parameters").forEach(parameters::add);
                next = Views.has(out, "NextToken") ? Views.text(out, "NextToken") : null;
            } while (next != null && parameters.size() < LIST_LIMIT);
            more = next != null;
        } catch (AwsServiceException e) {
            // A path AWS refuses (too deep, bad characters): the page with AWS's message.
            if (shown == null) {
                shown = Notice.error(e);
                status = e.httpStatus();
            }
        }
        Map<String, Object> params = new HashMap<>();
        params.put("parameters", parameters);
        params.put("more", more);
        params.put("path", path);
        params.put("form", form);
        params.put("types", TYPES);
        x.page(status, "ssm/list.jte", params, shown);
    }

    private void create(Exchange x) {
        Form form = x.form();
        String name = form.get("name").strip();
        String type = TYPES.contains(form.get("type")) ? form.get("type") : "String";
        ObjectNode in = ConsoleApi.input().put("Name", name).put("Type", type).put("Value", form.get("value"))
                .put("Tier", "Advanced".equals(form.get("tier")) ? "Advanced" : "Standard");
        if (form.optional("description") != null) {
            in.put("Description", form.get("description"));
        }
        if (form.optional("dataType") != null) {
            in.put("DataType", form.get("dataType").strip());
        }
        try {
            JsonNode out = x.api().ssm("PutParameter", in);
            x.flash(Notice.success("Parameter " + name + " was created (version " + Views.text(out, "Version") + ")."));
            x.redirect("/console/ssm/parameter?name=" + Views.url(name));
        } catch (AwsServiceException e) {
            // The form again as typed, with AWS's message; a SecureString value only goes back into its own field.
            listPage(x, form, e.httpStatus(), Notice.error(e));
        }
    }

    private void parameter(Exchange x) {
        parameterPage(x, x.query("name"), null, 200, null);
    }

    /**
     * A parameter's page; {@code typed}, when not null, is a new value the user typed that AWS refused, shown again in
     * the edit form's field (and nowhere else) with {@code notice}.
     */
    private void parameterPage(Exchange x, String name, String typed, int status, Notice notice) {
        ConsoleApi api = x.api();
        ObjectNode in = ConsoleApi.input();
        in.putArray("ParameterFilters").addObject().put("Key", "Name").put("Option", "Equals").putArray("Values").add(name);
        // Name Equals also matches the name with (or without) a leading slash, another parameter: keep this one.
        JsonNode meta = Views.list(api.ssm("DescribeParameters", in), "Parameters").stream()
                .filter(p -> name.equals(Views.text(p, "Name"))).findFirst()
                .orElse(com.fasterxml.jackson.databind.node.MissingNode.getInstance());
        if (meta.isMissingNode()) {
            // DescribeParameters answers no match for a missing one; GetParameter gives AWS's ParameterNotFound.
            api.ssm("GetParameter", ConsoleApi.input().put("Name", name));
        }
        boolean secure = "SecureString".equals(Views.text(meta, "Type"));
        String value = "";
        String arn = Views.text(meta, "ARN");
        if (!secure) {
            JsonNode p = api.ssm("GetParameter", ConsoleApi.input().put("Name", name)).path("Parameter");
            value = Views.text(p, "Value");
            arn = Views.text(p, "ARN", arn);
        }
        ArrayNode history = JSON.createArrayNode();
        String next = null;
        do {
            ObjectNode h = ConsoleApi.input().put("Name", name).put("WithDecryption", false).put("MaxResults", 50);
            if (next != null) {
                h.put("NextToken", next);
            }
            JsonNode out = api.ssm("GetParameterHistory", h);
            out.path("Parameters").forEach(history::add);
            next = Views.has(out, "NextToken") ? Views.text(out, "NextToken") : null;
        } while (next != null);
        JsonNode tags = api.ssm("ListTagsForResource",
                ConsoleApi.input().put("ResourceType", "Parameter").put("ResourceId", name));
        Map<String, Object> params = new HashMap<>();
        params.put("meta", meta);
        params.put("name", name);
        params.put("arn", arn);
        params.put("value", value);
        params.put("secure", secure);
        params.put("history", history);
        params.put("tags", tags);
        params.put("typed", typed == null ? (secure ? "" : value) : typed);
        x.page(status, "ssm/parameter.jte", params, notice);
    }

    private void reveal(Exchange x) {
        JsonNode p = x.api().ssm("GetParameter", ConsoleApi.input().put("Name", x.form().get("name"))
                .put("WithDecryption", true)).path("Parameter");
        x.fragment("ssm/value.jte", Map.of("parameter", p));
    }

    private void put(Exchange x) {
        Form form = x.form();
        String name = form.get("name");
        ObjectNode in = ConsoleApi.input().put("Name", name).put("Value", form.get("value")).put("Overwrite", true);
        if (TYPES.contains(form.get("type"))) {
            in.put("Type", form.get("type"));
        }
        try {
            JsonNode out = x.api().ssm("PutParameter", in);
            x.flash(Notice.success("The value of " + name + " was saved as version " + Views.text(out, "Version") + "."));
            x.redirect(back(name));
        } catch (AwsServiceException e) {
            // The page again with AWS's message and the value as typed, in the edit form's field only.
            parameterPage(x, name, form.get("value"), e.httpStatus(), Notice.error(e));
        }
    }

    private void label(Exchange x) {
        Form form = x.form();
        String name = form.get("name");
        ObjectNode in = ConsoleApi.input().put("Name", name);
        version(in, form);
        ArrayNode labels = in.putArray("Labels");
        for (String l : form.get("labels").split(",")) {
            if (!l.isBlank()) {
                labels.add(l.strip());
            }
        }
        try {
            JsonNode out = x.api().ssm("LabelParameterVersion", in);
            List<JsonNode> invalid = Views.list(out, "InvalidLabels");
            if (invalid.isEmpty()) {
                x.flash(Notice.success("Labels attached to version " + Views.text(out, "ParameterVersion") + "."));
            } else {
                x.flash(Notice.error("InvalidLabels", "These labels were not attached: "
                        + String.join(", ", invalid.stream().map(JsonNode::asText).toList()) + "."));
            }
        } catch (AwsServiceException e) {
            x.flash(Notice.error(e));
        }
        x.redirect(back(name));
    }

    private void unlabel(Exchange x) {
        Form form = x.form();
        String name = form.get("name");
        ObjectNode in = ConsoleApi.input().put("Name", name);
        version(in, form);
        in.putArray("Labels").add(form.get("label"));
        try {
            JsonNode out = x.api().ssm("UnlabelParameterVersion", in);
            List<JsonNode> invalid = Views.list(out, "InvalidLabels");
            if (invalid.isEmpty()) {
                x.flash(Notice.success("Label " + form.get("label") + " removed from version " + form.get("version") + "."));
            } else {
                x.flash(Notice.error("InvalidLabels", "Not a label of this version: "
                        + String.join(", ", invalid.stream().map(JsonNode::asText).toList()) + "."));
            }
        } catch (AwsServiceException e) {
            x.flash(Notice.error(e));
        }
        x.redirect(back(name));
    }

    private void delete(Exchange x) {
        String name = x.form().get("name");
        try {
            x.api().ssm("DeleteParameter", ConsoleApi.input().put("Name", name));
        } catch (AwsServiceException e) {
            x.flash(Notice.error(e));
            x.redirect(back(name));
            return;
        }
        x.flash(Notice.success("Parameter " + name + " was deleted."));
        x.redirect("/console/ssm");
    }

    /** The form's version as a number, or as typed so that AWS's own validation answers it. */
    private static void version(ObjectNode in, Form form) {
        String v = form.get("version").strip();
        if (v.isEmpty()) {
            return; // AWS labels the latest version when none is given
        }
        try {
            in.put("ParameterVersion", Long.parseLong(v));
        } catch (NumberFormatException e) {
            in.put("ParameterVersion", v);
        }
    }

    private static String back(String name) {
        return "/console/ssm/parameter?name=" + Views.url(name);
    }
}
