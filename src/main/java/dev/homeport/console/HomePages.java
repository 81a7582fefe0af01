package dev.homeport.console;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/** The console's start page: each service with how much it holds, as the AWS console's home. */
final class HomePages implements Section {
    @Override
    public String name() {
        return "home";
    }

    @Override
    public void register(Section.Routes router) {
        router.get("", this::home);
        router.get("/", this::home);
    }

    private void home(Exchange x) {
        ConsoleApi api = x.api();
        JsonNode secrets = api.secrets("ListSecrets", ConsoleApi.input().put("MaxResults", 100));
        JsonNode clusters = api.ecs("ListClusters", ConsoleApi.input().put("maxResults", 100));
        JsonNode families = api.ecs("ListTaskDefinitionFamilies", ConsoleApi.input().put("status", "ACTIVE").put("maxResults", 100));
        JsonNode groups = api.logs("DescribeLogGroups", ConsoleApi.input().put("limit", 50));
        x.page("home.jte", Map.of(
                "secrets", count(secrets, "SecretList", "NextToken"),
                "clusters", count(clusters, "clusterArns", "nextToken"),
                "families", count(families, "families", "nextToken"),
                "logGroups", count(groups, "logGroups", "nextToken")));
    }

    /** "12", or "100+" when there is another page. */
    private static String count(JsonNode page, String list, String next) {
        return page.path(list).size() + (Views.has(page, next) ? "+" : "");
    }
}
