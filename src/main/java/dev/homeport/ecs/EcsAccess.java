package dev.homeport.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homeport.ecs.model.ClusterApi;
import dev.homeport.ecs.model.ServiceApi;
import dev.homeport.ecs.model.Tag;
import dev.homeport.ecs.model.TaskApi;
import dev.homeport.ecs.model.TaskOverride;
import dev.homeport.protocol.Access;
import dev.homeport.protocol.AccessRule;
import dev.homeport.protocol.AwsServiceException;
import dev.homeport.protocol.RequestContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The permissions of ECS's operations (<i>Service Authorization Reference</i>, Amazon ECS): the action
 * {@code ecs:<Operation>} on the cluster, task or task definition the input names, as an ARN. A name or id is an
 * ARN of the caller's account and region; an ARN keeps the account it names, so another account's resource is
 * refused at the edge (ECS has no resource policies to grant it).
 *
 * <p>Where the reference lists no resource (DescribeTaskDefinition, DeregisterTaskDefinition) Homeport still names
 * the task definition: a policy on {@code *} matches it just the same, and another account's ARN is refused.
 * ListTasks is authorized on its cluster. A task definition named by family alone is
 * {@code task-definition/<family>:*}, which a policy naming the family's revisions with a wildcard matches.
 */
final class EcsAccess {
    private EcsAccess() {
    }

    /** Finds a task definition as its operations resolve it, to name the roles a request passes. */
    @FunctionalInterface
    interface TaskDefinitions {
        Optional<EcsRepository.TaskDefinitionRecord> find(RequestContext ctx, String identifier);
    }

    static <I> AccessRule<I> onCluster(String operation, Function<I, String> cluster) {
        return (ctx, in) -> List.of(Access.to("ecs:" + operation, cluster(ctx, cluster.apply(in))));
    }

    static <I> AccessRule<I> onClusters(String operation, Function<I, List<String>> clusters) {
        return (ctx, in) -> {
            List<String> names = clusters.apply(in);
            List<Access> out = new ArrayList<>();
            for (String name : names == null || names.isEmpty() ? java.util.Collections.<String>singletonList(null)
                    : names) {
                out.add(Access.to("ecs:" + operation, cluster(ctx, name)));
            }
            return out;
        };
    }

    /** An action on a service of a cluster (named or by ARN), with the {@code ecs:cluster} condition key. */
    static <I> AccessRule<I> onService(String operation, Function<I, String> cluster, Function<I, String> service) {
        return onServices(operation, cluster, in -> service.apply(in) == null ? null : List.of(service.apply(in)));
    }

    static <I> AccessRule<I> onServices(String operation, Function<I, String> cluster,
                                        Function<I, List<String>> services) {
        return (ctx, in) -> {
            String clusterArn = cluster(ctx, cluster.apply(in));
            Map<String, List<String>> keys = Map.of("ecs:cluster", List.of(clusterArn));
            // A service named in a cluster given by ARN is in that cluster's account and region.
            EcsArns.Parsed c = EcsArns.parse(clusterArn);
            String region = c == null ? ctx.region() : c.region();
            String account = c == null ? ctx.accountId() : c.account();
            List<Access> out = new ArrayList<>();
            List<String> ids = services.apply(in);
            for (String id : ids == null ? List.<String>of() : ids) {
                String arn = id == null || id.startsWith("arn:") ? id
                        : EcsArns.service(region, account, EcsArns.nameOf(clusterArn), id);
                out.add(Access.to("ecs:" + operation, arn == null ? "*" : arn).withConditionKeys(keys));
            }
            return out;
        };
    }

    static <I> AccessRule<I> onTaskDefinition(String operation, Function<I, String> taskDefinition) {
        return (ctx, in) -> List.of(Access.to("ecs:" + operation, taskDefinition(ctx, taskDefinition.apply(in))));
    }

    static <I> AccessRule<I> onTaskDefinitions(String operation, Function<I, List<String>> taskDefinitions) {
        return (ctx, in) -> {
            List<Access> out = new ArrayList<>();
            List<String> ids = taskDefinitions.apply(in);
            for (String id : ids == null ? List.<String>of() : ids) {
                out.add(Access.to("ecs:" + operation, taskDefinition(ctx, id)));
            }
            return out;
        };
    }

    /** An action on tasks of a cluster, with the {@code ecs:cluster} condition key. */
    static <I> AccessRule<I> onTasks(String operation, Function<I, String> cluster, Function<I, List<String>> tasks) {
        return (ctx, in) -> {
            String clusterArn = cluster(ctx, cluster.apply(in));
            Map<String, List<String>> keys = Map.of("ecs:cluster", List.of(clusterArn));
            List<Access> out = new ArrayList<>();
            List<String> ids = tasks.apply(in);
            for (String id : ids == null ? List.<String>of() : ids) {
                out.add(Access.to("ecs:" + operation, task(ctx, clusterArn, id)).withConditionKeys(keys));
            }
            return out;
        };
    }

    /**
     * RunTask: the task definition, with the cluster it runs in ({@code ecs:cluster}) and the tags it is given; and
     * {@code iam:PassRole} on the task role and the execution role the task will have (the overrides', else the task
     * definition's), as ECS requires of anyone but the account's root.
     */
    static AccessRule<TaskApi.RunTaskRequest> runTask(TaskDefinitions taskDefinitions) {
        return (ctx, in) -> {
            String clusterArn = cluster(ctx, in.cluster());
            Map<String, List<String>> keys = Access.requestTags(in.tags(), Tag::key, Tag::value);
            keys.put("ecs:cluster", List.of(clusterArn));
            List<Access> out = new ArrayList<>(creating("RunTask",
                    Access.to("ecs:RunTask", taskDefinition(ctx, in.taskDefinition())).withConditionKeys(keys),
                    EcsArns.task(ctx.region(), ctx.accountId(), EcsArns.nameOf(clusterArn), "*"), in.tags()));
            EcsRepository.TaskDefinitionRecord record = record(ctx, in.taskDefinition(), taskDefinitions);
            JsonNode document = record == null ? null : record.document();
            TaskOverride overrides = in.overrides();
            out.addAll(passRole(overrides != null && overrides.taskRoleArn() != null ? overrides.taskRoleArn()
                    : document == null ? null : document.path("taskRoleArn").asText(null)));
            out.addAll(passRole(overrides != null && overrides.executionRoleArn() != null
                    ? overrides.executionRoleArn()
                    : document == null ? null : document.path("executionRoleArn").asText(null)));
            return out;
        };
    }

    /**
     * RegisterTaskDefinition: with the tags it sets (and then {@code ecs:TagResource} on the family's revisions), and
     * {@code iam:PassRole} on the roles the task definition names.
     */
    static AccessRule<JsonNode> registerTaskDefinition() {
        return (ctx, in) -> {
            List<Tag> tags = new ArrayList<>();
            in.path("tags").forEach(t -> tags.add(new Tag(t.path("key").asText(null), t.path("value").asText(null))));
            String family = in.path("family").asText("");
            List<Access> out = new ArrayList<>(creating("RegisterTaskDefinition",
                    Access.toAny("ecs:RegisterTaskDefinition"), taskDefinition(ctx, family), tags));
            out.addAll(passRole(in.path("taskRoleArn").asText(null)));
            out.addAll(passRole(in.path("executionRoleArn").asText(null)));
            return out;
        };
    }

    /** CreateCluster: with the tags it sets, and then {@code ecs:TagResource} on the new cluster. */
    static AccessRule<ClusterApi.CreateClusterRequest> createCluster() {
        return (ctx, in) -> creating("CreateCluster", Access.toAny("ecs:CreateCluster"),
                cluster(ctx, in.clusterName()), in.tags());
    }

    /**
     * CreateService: the service of its cluster, with the task definition it runs ({@code ecs:task-definition}, that
     * revision's ARN) and the tags it sets, and then {@code ecs:TagResource} on it; and {@code iam:PassRole} on the
     * roles of that task definition. The service's scheduler starts those tasks on the caller's behalf, later and for
     * as long as the service lives: without this check, a caller refused a role at RunTask would get the same tasks
     * by creating a service.
     */
    static AccessRule<ServiceApi.CreateServiceRequest> createService(TaskDefinitions taskDefinitions) {
        AccessRule<ServiceApi.CreateServiceRequest> service = onService("CreateService",
                ServiceApi.CreateServiceRequest::cluster, ServiceApi.CreateServiceRequest::serviceName);
        return (ctx, in) -> {
            List<Access> access = service.accessFor(ctx, in);
            if (access.isEmpty()) { // no service name: nothing to authorize, and the operation refuses the request
                return access;
            }
            EcsRepository.TaskDefinitionRecord record = record(ctx, in.taskDefinition(), taskDefinitions);
            Access create = withTaskDefinition(access.getFirst(), ctx, in.taskDefinition(), record);
            List<Access> out = new ArrayList<>(creating("CreateService", create, create.resource(), in.tags()));
            out.addAll(passRoles(record));
            return out;
        };
    }

    /**
     * UpdateService: the service; and, when the update names a task definition (a new deployment), that revision
     * ({@code ecs:task-definition}) and {@code iam:PassRole} on its roles, as CreateService. An update of the desired
     * count alone names no task definition and passes no role.
     */
    static AccessRule<ServiceApi.UpdateServiceRequest> updateService(TaskDefinitions taskDefinitions) {
        AccessRule<ServiceApi.UpdateServiceRequest> service = onService("UpdateService",
                ServiceApi.UpdateServiceRequest::cluster, ServiceApi.UpdateServiceRequest::service);
        return (ctx, in) -> {
            List<Access> access = service.accessFor(ctx, in);
            if (access.isEmpty() || in.taskDefinition() == null) {
                return access;
            }
            EcsRepository.TaskDefinitionRecord record = record(ctx, in.taskDefinition(), taskDefinitions);
            List<Access> out = new ArrayList<>();
            out.add(withTaskDefinition(access.getFirst(), ctx, in.taskDefinition(), record));
            out.addAll(passRoles(record));
            return out;
        };
    }

    /**
     * {@code access} with the {@code ecs:task-definition} condition key: the ARN of the revision the request resolves
     * to (a family alone is its latest active revision), else the ARN the identifier names.
     */
    private static Access withTaskDefinition(Access access, RequestContext ctx, String identifier,
                                             EcsRepository.TaskDefinitionRecord record) {
        if (identifier == null || identifier.isEmpty()) {
            return access;
        }
        Map<String, List<String>> keys = new java.util.LinkedHashMap<>(access.conditionKeys());
        keys.put("ecs:task-definition", List.of(record != null ? record.arn() : taskDefinition(ctx, identifier)));
        return access.withConditionKeys(keys);
    }

    /**
     * The task definition a request names, or null when there is none to use: the operation itself answers a task
     * definition it cannot use, in its own words.
     */
    private static EcsRepository.TaskDefinitionRecord record(RequestContext ctx, String taskDefinition,
                                                            TaskDefinitions taskDefinitions) {
        if (taskDefinition == null || taskDefinition.isEmpty()) {
            return null;
        }
        try {
            return taskDefinitions.find(ctx, taskDefinition).orElse(null);
        } catch (AwsServiceException e) {
            return null;
        }
    }

    /** {@code iam:PassRole} on the task role and the execution role a task definition names. */
    private static List<Access> passRoles(EcsRepository.TaskDefinitionRecord record) {
        if (record == null) {
            return List.of();
        }
        List<Access> out = new ArrayList<>(passRole(record.document().path("taskRoleArn").asText(null)));
        out.addAll(passRole(record.document().path("executionRoleArn").asText(null)));
        return out;
    }

    /**
     * A create call with the tags it sets ({@code aws:RequestTag/<key>}, {@code aws:TagKeys}) and, when it sets any,
     * {@code ecs:TagResource} on what it creates with {@code ecs:CreateAction} naming the call: "if tags are specified
     * in the resource-creating action, AWS performs additional authorization to verify that the correct permissions
     * are assigned to create tags" (ECS developer guide, tagging on creation). A task's id is not known before it
     * runs: RunTask's tags are asked for on every task of its cluster.
     */
    private static List<Access> creating(String operation, Access create, String created, List<Tag> tags) {
        Map<String, List<String>> tagKeys = Access.requestTags(tags, Tag::key, Tag::value);
        Map<String, List<String>> keys = new java.util.LinkedHashMap<>(create.conditionKeys());
        keys.putAll(tagKeys);
        Access withTags = create.withConditionKeys(keys);
        if (!withTags.setsTags()) {
            return List.of(withTags);
        }
        tagKeys.put("ecs:CreateAction", List.of(operation));
        return List.of(withTags, Access.to("ecs:TagResource", created).withConditionKeys(tagKeys));
    }

    /** {@code iam:PassRole} on a role handed to ECS's tasks, or nothing when there is no role. */
    private static List<Access> passRole(String roleArn) {
        if (roleArn == null || roleArn.isEmpty()) {
            return List.of();
        }
        return List.of(Access.to("iam:PassRole", roleArn).withConditionKeys(
                Map.of("iam:PassedToService", List.of("ecs-tasks.amazonaws.com"))));
    }

    /** TagResource and UntagResource: the resource, with the request's tags or tag keys. */
    static <I> AccessRule<I> onTagged(String operation, Function<I, String> resource, Function<I, List<Tag>> tags,
                                      Function<I, List<String>> tagKeys) {
        return (ctx, in) -> {
            Map<String, List<String>> keys = Access.requestTags(tags.apply(in), Tag::key, Tag::value);
            List<String> removed = tagKeys.apply(in);
            if (removed != null) {
                keys.put("aws:TagKeys", List.copyOf(removed));
            }
            String arn = resource.apply(in);
            return List.of(Access.to("ecs:" + operation, arn == null ? "*" : arn).withConditionKeys(keys));
        };
    }

    static String cluster(RequestContext ctx, String identifier) {
        if (identifier == null || identifier.isEmpty()) {
            return EcsArns.cluster(ctx.region(), ctx.accountId(), ClusterOperations.DEFAULT_CLUSTER);
        }
        return identifier.startsWith("arn:") ? identifier
                : EcsArns.cluster(ctx.region(), ctx.accountId(), identifier);
    }

    static String task(RequestContext ctx, String clusterArn, String identifier) {
        if (identifier == null || identifier.startsWith("arn:")) {
            return identifier == null ? "*" : identifier;
        }
        return EcsArns.task(ctx.region(), ctx.accountId(), EcsArns.nameOf(clusterArn), identifier);
    }

    static String taskDefinition(RequestContext ctx, String identifier) {
        if (identifier == null || identifier.isEmpty()) {
            return "*";
        }
        if (identifier.startsWith("arn:")) {
            return identifier;
        }
        return EcsArns.prefix(ctx.region(), ctx.accountId()) + "task-definition/" + identifier
                + (identifier.contains(":") ? "" : ":*");
    }


}
