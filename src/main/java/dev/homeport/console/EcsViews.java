package dev.homeport.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the ECS pages show that is not a plain member of the wire JSON: a task's private address,
 * its status history, the secrets it was given (by name) and its log tail; a service's primary
 * deployment and its progress. Public for the templates.
 */
public final class EcsViews {
    private EcsViews() {
    }

    /** A container's overrides in the Run task form, as typed. */
    public record Override(String name, String command, String environment) {
    }

    /** A secret a container receives: the variable's name and where it comes from, never its value. */
    public record SecretRef(String container, String name, String valueFrom) {
    }

    /**
     * One of a task's two identities, as ECS uses it: the role's ARN, and its IAM page when it is in the account the
     * console shows (null otherwise).
     */
    public record RoleRef(String arn, String page) {
    }

    /**
     * The role a task runs with, by the field of its overrides, else of its task definition ({@code taskRoleArn} or
     * {@code executionRoleArn}); null when it has none.
     */
    public static RoleRef role(JsonNode task, JsonNode definition, String field, String account) {
        String arn = Views.text(task.path("overrides"), field);
        if (arn.isEmpty() && definition != null) {
            arn = Views.text(definition, field);
        }
        if (arn.isEmpty()) {
            return null;
        }
        boolean own = arn.startsWith("arn:aws:iam::" + account + ":role/");
        return new RoleRef(arn, own ? "/console/iam/role?name=" + Views.url(arn.substring(arn.lastIndexOf('/') + 1))
                : null);
    }

    /**
     * The tail of one container's awslogs stream.
     *
     * @param problem why there are no events to show ("" when {@code events} is the answer)
     */
    public record LogTail(String container, String group, String stream, List<JsonNode> events, String problem) {
    }

    /** One moment of a task's life, as the AWS console's task page lists them. */
    public record Moment(String label, String when) {
    }

    /** The moments of a task that have happened, in the order ECS moves through them. */
    public static List<Moment> history(JsonNode task) {
        String[][] fields = {
                {"createdAt", "Created"}, {"pullStartedAt", "Pull started"}, {"pullStoppedAt", "Pull stopped"},
                {"startedAt", "Started"}, {"connectivityAt", "Connected"}, {"stoppingAt", "Stopping"},
                {"executionStoppedAt", "Execution stopped"}, {"stoppedAt", "Stopped"},
        };
        List<Moment> out = new ArrayList<>();
        for (String[] f : fields) {
            out.add(new Moment(f[1] + " (" + f[0] + ")", Views.date(task, f[0])));
        }
        return out;
    }

    /**
     * The task's private IPv4 address: the ENI attachment's {@code privateIPv4Address} detail (what the
     * AWS console shows under "Network"), else a container's network interface; "-" before it has one.
     */
    public static String privateIp(JsonNode task) {
        for (JsonNode a : Views.list(task, "attachments")) {
            if ("ElasticNetworkInterface".equals(Views.text(a, "type"))) {
                for (JsonNode d : Views.list(a, "details")) {
                    if ("privateIPv4Address".equals(Views.text(d, "name")) && Views.has(d, "value")) {
                        return Views.text(d, "value");
                    }
                }
            }
        }
        for (JsonNode c : Views.list(task, "containers")) {
            for (JsonNode n : Views.list(c, "networkInterfaces")) {
                if (Views.has(n, "privateIpv4Address")) {
                    return Views.text(n, "privateIpv4Address");
                }
            }
        }
        return "-";
    }

    /** {@code family:revision} of a task definition ARN (the ARN's last part). */
    public static String familyRevision(String taskDefinitionArn) {
        return Views.shortId(taskDefinitionArn);
    }

    /** The family of {@code family:revision}. */
    public static String family(String familyRevision) {
        int colon = familyRevision.lastIndexOf(':');
        return colon < 0 ? familyRevision : familyRevision.substring(0, colon);
    }

    /** The cluster name in a cluster ARN ({@code ...:cluster/name}). */
    public static String clusterName(String clusterArn) {
        return Views.shortId(clusterArn);
    }

    /** The secrets of every container of a task definition, by name and source. */
    public static List<SecretRef> secrets(JsonNode taskDefinition) {
        List<SecretRef> out = new ArrayList<>();
        for (JsonNode c : Views.list(taskDefinition, "containerDefinitions")) {
            for (JsonNode s : Views.list(c, "secrets")) {
                out.add(new SecretRef(Views.text(c, "name"), Views.text(s, "name"), Views.text(s, "valueFrom")));
            }
        }
        return out;
    }

    /** A container's command line as the task definition gives it, "-" when the image's is used. */
    public static String commandLine(JsonNode container) {
        List<String> parts = new ArrayList<>();
        Views.list(container, "entryPoint").forEach(p -> parts.add(p.asText()));
        Views.list(container, "command").forEach(p -> parts.add(p.asText()));
        return parts.isEmpty() ? "-" : String.join(" ", parts);
    }

    /** The container ports, as {@code 80/tcp, 443/tcp}. */
    public static String ports(JsonNode container) {
        List<String> out = new ArrayList<>();
        for (JsonNode p : Views.list(container, "portMappings")) {
            out.add(Views.text(p, "containerPort") + "/" + Views.text(p, "protocol", "tcp"));
        }
        return out.isEmpty() ? "-" : String.join(", ", out);
    }

    /** The log driver and, for awslogs, the group it writes to. */
    public static String logging(JsonNode container) {
        JsonNode config = container.path("logConfiguration");
        if (!Views.has(config, "logDriver")) {
            return "-";
        }
        String driver = Views.text(config, "logDriver");
        String group = Views.text(config.path("options"), "awslogs-group");
        return group.isEmpty() ? driver : driver + " → " + group;
    }

    /** True while ECS may still change the task (the page keeps refreshing itself). */
    public static boolean live(JsonNode task) {
        return !"STOPPED".equals(Views.text(task, "lastStatus"));
    }

    /** A subnet the Run task form offers: its id, Name tag, block and zone, as DescribeSubnets gives them. */
    public record SubnetChoice(String id, String name, String cidr, String availabilityZone) {
    }

    /** A security group the Run task form offers. */
    public record GroupChoice(String id, String name) {
    }

    /**
     * A family in the Create service form's task definition choice: the family itself (CreateService then takes its
     * latest ACTIVE revision, as ECS does) and its revisions, newest first.
     */
    public record FamilyChoice(String family, List<String> revisions) {
    }

    /** {@code family:revision} names (in ListTaskDefinitions' order) grouped by family. */
    public static List<FamilyChoice> byFamily(List<String> familyRevisions) {
        Map<String, List<String>> families = new LinkedHashMap<>();
        for (String fr : familyRevisions) {
            families.computeIfAbsent(family(fr), f -> new ArrayList<>()).add(fr);
        }
        return families.entrySet().stream().map(e -> new FamilyChoice(e.getKey(), e.getValue())).toList();
    }

    /**
     * A service's PRIMARY deployment, the one it is rolling out or has rolled out (DescribeServices lists it first);
     * a missing node, which every {@link Views} helper reads as empty, for a service without one.
     */
    public static JsonNode primaryDeployment(JsonNode service) {
        for (JsonNode d : Views.list(service, "deployments")) {
            if ("PRIMARY".equals(Views.text(d, "status"))) {
                return d;
            }
        }
        return MissingNode.getInstance();
    }

    /** The deployment circuit breaker of a deployment configuration, in words. */
    public static String circuitBreaker(JsonNode deploymentConfiguration) {
        JsonNode breaker = deploymentConfiguration.path("deploymentCircuitBreaker");
        if (!breaker.path("enable").asBoolean(false)) {
            return "Off";
        }
        return breaker.path("rollback").asBoolean(false) ? "On, rolls back a failed deployment"
                : "On, without rollback";
    }

    /**
     * Running tasks against the desired count of a service or a deployment: what a progress bar shows, and the same
     * in words beside it ("2 of 3 running"), which is what a screen reader reads.
     */
    public record Progress(int running, int desired) {
        public static Progress of(JsonNode serviceOrDeployment) {
            return new Progress(serviceOrDeployment.path("runningCount").asInt(0),
                    serviceOrDeployment.path("desiredCount").asInt(0));
        }

        /** The bar's maximum: a progress element needs one above 0, also for a service scaled to 0. */
        public int max() {
            return Math.max(desired, 1);
        }

        /** The bar's value: while a service scales in, more tasks than desired still run; the bar is full then. */
        public int value() {
            return Math.min(running, max());
        }

        public String words() {
            return running + " of " + desired + " running";
        }
    }
}
