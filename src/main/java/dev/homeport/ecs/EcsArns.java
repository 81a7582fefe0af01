package dev.homeport.ecs;

/**
 * ECS resource names: {@code arn:aws:ecs:<region>:<account>:cluster/<name>},
 * {@code task-definition/<family>:<revision>}, {@code service/<cluster>/<name>} and {@code task/<cluster>/<32 hex id>}.
 */
public final class EcsArns {
    private EcsArns() {
    }

    /** A parsed ECS ARN; {@code resource} is everything after the account, such as {@code cluster/x}. */
    public record Parsed(String region, String account, String type, String id) {
    }

    public static String prefix(String region, String account) {
        return "arn:aws:ecs:" + region + ":" + account + ":";
    }

    public static String cluster(String region, String account, String name) {
        return prefix(region, account) + "cluster/" + name;
    }

    public static String taskDefinition(String region, String account, String family, int revision) {
        return prefix(region, account) + "task-definition/" + family + ":" + revision;
    }

    /** A service's ARN in the long format, which names its cluster (ECS's default since 2021). */
    public static String service(String region, String account, String clusterName, String name) {
        return prefix(region, account) + "service/" + clusterName + "/" + name;
    }

    public static String task(String region, String account, String clusterName, String id) {
        return prefix(region, account) + "task/" + clusterName + "/" + id;
    }

    /** Parses {@code arn:aws:ecs:region:account:type/id}; returns null when it is not one. */
    public static Parsed parse(String arn) {
        if (arn == null || !arn.startsWith("arn:")) {
            return null;
        }
        String[] parts = arn.split(":", 6);
        if (parts.length != 6 || !"ecs".equals(parts[2]) || parts[1].isEmpty()) {
            return null;
        }
        String resource = parts[5];
        int slash = resource.indexOf('/');
        if (slash <= 0 || slash == resource.length() - 1) {
            return null;
        }
        return new Parsed(parts[3], parts[4], resource.substring(0, slash), resource.substring(slash + 1));
    }

    public static String nameOf(String clusterArn) {
        return clusterArn.substring(clusterArn.lastIndexOf('/') + 1);
    }

    /** The family of {@code ...:task-definition/family:3}. */
    public static String familyOf(String taskDefinitionArn) {
        String resource = taskDefinitionArn.substring(taskDefinitionArn.indexOf("task-definition/") + 16);
        int colon = resource.lastIndexOf(':');
        return colon < 0 ? resource : resource.substring(0, colon);
    }
}
