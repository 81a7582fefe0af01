package dev.homeport.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homeport.protocol.AwsServiceException;

import java.util.HashMap;
import java.util.Map;

/**
 * Amazon ECR: the region's repositories (and a form to create one), a repository's images with their tags, digests,
 * sizes and push times, the commands that push to it (as AWS's console shows them), and its tag mutability.
 */
final class EcrPages implements Section {

    @Override
    public String name() {
        return "ecr";
    }

    @Override
    public void register(Section.Routes router) {
        router.get("/ecr", this::repositories)
                .post("/ecr/create", this::create)
                .get("/ecr/repository", this::repository)
                .post("/ecr/mutability", this::mutability);
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

    private static ObjectNode repository(String name) {
        ObjectNode in = ConsoleApi.input();
        in.putArray("repositoryNames").add(name);
        return in;
    }
}
