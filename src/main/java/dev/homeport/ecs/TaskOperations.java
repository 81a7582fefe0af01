package dev.homeport.ecs;

import dev.homeport.ecs.model.FargateSizes;
import dev.homeport.ecs.model.EcsJson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homeport.ecs.EcsRepository.ClientToken;
import dev.homeport.ecs.EcsRepository.ClientTokenRun;
import dev.homeport.ecs.EcsRepository.ClusterRecord;
import dev.homeport.ecs.EcsRepository.TaskDefinitionRecord;
import dev.homeport.ecs.EcsRepository.TaskQuery;
import dev.homeport.ecs.EcsRepository.TaskRef;
import dev.homeport.ecs.model.Attachment;
import dev.homeport.ecs.model.AttachmentStatus;
import dev.homeport.ecs.model.AwsVpcConfiguration;
import dev.homeport.ecs.model.Container;
import dev.homeport.ecs.model.ContainerDefinition;
import dev.homeport.ecs.model.ContainerLastStatus;
import dev.homeport.ecs.model.ContainerOverride;
import dev.homeport.ecs.model.Failure;
import dev.homeport.ecs.model.KeyValuePair;
import dev.homeport.ecs.model.NetworkConfiguration;
import dev.homeport.ecs.model.Task;
import dev.homeport.ecs.model.TaskApi.DescribeTasksRequest;
import dev.homeport.ecs.model.TaskApi.DescribeTasksResponse;
import dev.homeport.ecs.model.TaskApi.ListTasksRequest;
import dev.homeport.ecs.model.TaskApi.ListTasksResponse;
import dev.homeport.ecs.model.TaskApi.RunTaskRequest;
import dev.homeport.ecs.model.TaskApi.RunTaskResponse;
import dev.homeport.ecs.model.TaskApi.StopTaskRequest;
import dev.homeport.ecs.model.TaskApi.StopTaskResponse;
import dev.homeport.ecs.model.TaskDefinitionView;
import dev.homeport.ecs.model.TaskOverride;
import dev.homeport.ecs.model.StopCode;
import dev.homeport.ecs.model.TaskStatus;
import dev.homeport.sts.ServiceRoles;
import dev.homeport.protocol.OperationRegistry;
import dev.homeport.runtime.HealthStatus;
import dev.homeport.protocol.RequestContext;
import dev.homeport.protocol.Validation;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.regex.Pattern;

/** RunTask, StopTask, DescribeTasks and ListTasks. The {@link TaskSupervisor} does the running. */
public final class TaskOperations {
    private static final Pattern TASK_ID = Pattern.compile("[0-9a-f]{32}");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final List<String> LAUNCH_TYPES = List.of("EC2", "FARGATE", "EXTERNAL", "MANAGED_INSTANCES");
    private static final List<String> DESIRED = List.of("RUNNING", "PENDING", "STOPPED");
    /**
     * How long a RunTask clientToken is remembered. ECS documents a TTL of 24 hours (Ensuring idempotency,
     * "Idempotency for RunTask"); a token also ends when its tasks have been purged (an hour after they
     * stop, see {@link StoppedTaskPurger}), as there is nothing left to answer a retry with.
     */
    static final Duration CLIENT_TOKEN_TTL = Duration.ofHours(24);

    private final EcsRepository repository;
    private final ClusterOperations clusters;
    private final TaskDefinitionOperations taskDefinitions;
    private final EcsTagOperations tags;
    private final TaskSupervisor supervisor;
    private final Clock clock;
    private final TaskNetworks networks;
    private final ServiceRoles roles;

    public TaskOperations(EcsRepository repository, ClusterOperations clusters,
                          TaskDefinitionOperations taskDefinitions, EcsTagOperations tags, TaskSupervisor supervisor,
                          Clock clock, TaskNetworks networks, ServiceRoles roles) {
        this.networks = networks;
        this.roles = roles;
        this.repository = repository;
        this.clusters = clusters;
        this.taskDefinitions = taskDefinitions;
        this.tags = tags;
        this.supervisor = supervisor;
        this.clock = clock;
    }

    void register(OperationRegistry registry) {
        registry.add("RunTask", RunTaskRequest.class,
                EcsAccess.runTask(taskDefinitions::find),
                this::runTask);
        registry.add("StopTask", StopTaskRequest.class,
                EcsAccess.onTasks("StopTask", StopTaskRequest::cluster, in -> in.task() == null ? null : List.of(in.task())),
                this::stopTask);
        registry.add("DescribeTasks", DescribeTasksRequest.class,
                EcsAccess.onTasks("DescribeTasks", DescribeTasksRequest::cluster, DescribeTasksRequest::tasks),
                this::describeTasks);
        registry.add("ListTasks", ListTasksRequest.class,
                EcsAccess.onCluster("ListTasks", ListTasksRequest::cluster),
                this::listTasks);
    }

    RunTaskResponse runTask(RequestContext ctx, RunTaskRequest in) {
        Validation.of().notNull("taskDefinition", in.taskDefinition())
                .oneOf("launchType", in.launchType(), LAUNCH_TYPES)
                .oneOf("propagateTags", in.propagateTags(), List.of("TASK_DEFINITION", "SERVICE", "NONE")).check();
        int count = in.count() == null ? 1 : in.count();
        if (count < 1 || count > 10) {
            throw EcsErrors.countOutOfRange();
        }
        if (in.startedBy() != null && in.startedBy().length() > 128) {
            throw EcsErrors.startedByTooLong();
        }
        if (in.clientToken() != null && !validClientToken(in.clientToken())) {
            throw EcsErrors.clientTokenInvalid();
        }
        Map<String, String> newTags = EcsTagOperations.validate(in.tags());
        ClusterRecord cluster = clusters.resolveForTasks(ctx, in.cluster());
        Instant now = clock.instant();
        ClientToken token = null;
        if (in.clientToken() != null) {
            // Checked before the task definition and the network: a retry must get the first call's tasks
            // even if, say, the revision has been deregistered since.
            token = new ClientToken(cluster.arn(), in.clientToken(), fingerprint(in), now);
            var earlier = repository.clientToken(cluster.arn(), in.clientToken(), now.minus(CLIENT_TOKEN_TTL));
            if (earlier.isPresent()) {
                return answerAgain(token, earlier.get());
            }
        }
        TaskDefinitionRecord td = taskDefinitions.find(ctx, in.taskDefinition())
                .orElseThrow(() -> EcsErrors.unableToFindTaskDefinition(in.taskDefinition()));
        if (!"ACTIVE".equals(td.status())) {
            throw EcsErrors.taskDefinitionInactive();
        }
        TaskDefinitionView view = TaskDefinitionOperations.view(td.document());
        boolean hasStrategy = in.capacityProviderStrategy() != null && !in.capacityProviderStrategy().isEmpty();
        if (in.launchType() != null && hasStrategy) {
            throw EcsErrors.launchTypeAndCapacityProvider();
        }
        String launchType = in.launchType() == null ? "FARGATE" : in.launchType();
        if (!"FARGATE".equals(launchType)) {
            // Homeport has no container instances: only Fargate capacity exists.
            throw EcsErrors.noContainerInstances();
        }
        if (!TaskDefinitionOperations.fargateCompatible(view)) {
            throw EcsErrors.launchTypeNotSupported("FARGATE");
        }
        List<TaskNetworks.SubnetInfo> subnets = subnets(in.networkConfiguration());
        TaskOverride overrides = in.overrides();
        String cpu = td.document().path("cpu").asText(null);
        String memory = td.document().path("memory").asText(null);
        if (overrides != null) {
            if (overrides.containerOverrides() != null) {
                for (ContainerOverride o : overrides.containerOverrides()) {
                    if (o.name() == null || view.containerDefinitions().stream()
                            .noneMatch(c -> c.name().equals(o.name()))) {
                        throw EcsErrors.overrideForUnknownContainer(o.name());
                    }
                }
            }
            if (overrides.cpu() != null || overrides.memory() != null) {
                OptionalInt c = FargateSizes.parseCpu(overrides.cpu() != null ? overrides.cpu() : cpu);
                OptionalInt m = FargateSizes.parseMemory(overrides.memory() != null ? overrides.memory() : memory);
                if (c.isEmpty()) {
                    throw EcsErrors.invalidTaskCpu();
                }
                if (m.isEmpty()) {
                    throw EcsErrors.invalidTaskMemory();
                }
                if (!FargateSizes.isValidFargate(c.getAsInt(), m.getAsInt())) {
                    throw EcsErrors.noFargateConfiguration(String.valueOf(c.getAsInt()), String.valueOf(m.getAsInt()));
                }
                cpu = String.valueOf(c.getAsInt());
                memory = String.valueOf(m.getAsInt());
            }
        }
        Map<String, String> taskTags = new LinkedHashMap<>();
        if ("TASK_DEFINITION".equals(in.propagateTags())) {
            taskTags.putAll(repository.tags(td.arn()));
        }
        taskTags.putAll(newTags);

        List<Task> created = new ArrayList<>();
        int start = RANDOM.nextInt(subnets.size());
        TaskShape shape = new TaskShape(overrides, cpu, memory, in.group() == null ? "family:" + td.family()
                : in.group(), in.startedBy(), in.platformVersion(), Boolean.TRUE.equals(in.enableExecuteCommand()));
        for (int i = 0; i < count; i++) {
            // ECS spreads tasks over the subnets given; so does Homeport, round robin from a random start.
            TaskNetworks.SubnetInfo subnet = subnets.get((start + i) % subnets.size());
            created.add(newTask(ctx.region(), ctx.accountId(), cluster, td, view, shape, subnet, now));
        }
        checkRoles(created.getFirst(), view, overrides);
        if (token == null) {
            repository.insertTasks(created);
        } else {
            var raced = repository.insertTasks(created, token, now.minus(CLIENT_TOKEN_TTL));
            if (raced.isPresent()) {
                // Another call with this token got there first; ours started nothing.
                return answerAgain(token, raced.get());
            }
        }
        if (!taskTags.isEmpty()) {
            for (Task t : created) {
                repository.tag(t.taskArn(), taskTags);
            }
        }
        supervisor.launch(created);
        List<Task> out = new ArrayList<>();
        for (Task t : created) {
            // A task started without tags has none to read back.
            out.add(t.with(b -> b.tags(taskTags.isEmpty() ? List.of() : tags.tagList(t.taskArn()))));
        }
        return new RunTaskResponse(out, List.of());
    }

    /**
     * The subnets of an awsvpc network configuration (RunTask's, a service's), each checked to exist, and its
     * security groups likewise; ECS's errors otherwise.
     */
    List<TaskNetworks.SubnetInfo> subnets(NetworkConfiguration network) {
        AwsVpcConfiguration vpc = network == null ? null : network.awsvpcConfiguration();
        if (vpc == null) {
            throw EcsErrors.networkConfigurationRequired();
        }
        if (vpc.subnets() == null || vpc.subnets().isEmpty()) {
            throw EcsErrors.subnetsEmpty();
        }
        List<TaskNetworks.SubnetInfo> subnets = new ArrayList<>();
        for (String id : vpc.subnets()) {
            subnets.add(networks.subnet(id).orElseThrow(() -> EcsErrors.subnetNotFound(id)));
        }
        if (vpc.securityGroups() != null) {
            for (String id : vpc.securityGroups()) {
                if (!networks.securityGroupExists(id)) {
                    throw EcsErrors.securityGroupNotFound(id);
                }
            }
        }
        return subnets;
    }

    /**
     * ECS assumes a task's task role and execution role ({@code ecs-tasks.amazonaws.com}); one that does not exist, is
     * another account's, or does not trust ECS fails RunTask with ECS's ClientException. Checked for the first task
     * of the call, whose ARN is the {@code aws:SourceArn} a trust policy may test.
     */
    private void checkRoles(Task first, TaskDefinitionView view, TaskOverride overrides) {
        ServiceRoles.Source source = new ServiceRoles.Source(EcsArns.parse(first.taskArn()).account(), first.taskArn());
        String taskRole = overrides != null && overrides.taskRoleArn() != null ? overrides.taskRoleArn()
                : view.taskRoleArn();
        String executionRole = overrides != null && overrides.executionRoleArn() != null
                ? overrides.executionRoleArn() : view.executionRoleArn();
        for (String role : java.util.Arrays.asList(taskRole, executionRole)) {
            if (role != null && !role.isEmpty() && roles.assumable(ServiceRoles.ECS_TASKS, role, source).isEmpty()) {
                throw EcsErrors.client(ServiceRoles.unableToAssume(role));
            }
        }
    }

    /**
     * ECS: "If you retry a request that completed successfully using the same client token and the same
     * parameters, the retry succeeds without performing any further actions"; with the same token but other
     * parameters it fails with ConflictException naming the tasks already started (resourceIds). Homeport
     * answers a retry with those tasks as they are now.
     */
    private RunTaskResponse answerAgain(ClientToken token, ClientTokenRun earlier) {
        List<String> arns = earlier.tasks().stream().map(Task::taskArn).toList();
        if (!earlier.token().fingerprint().equals(token.fingerprint())) {
            throw EcsErrors.clientTokenConflict(arns);
        }
        List<Task> out = new ArrayList<>();
        for (Task t : earlier.tasks()) {
            out.add(t.with(b -> b.tags(tags.tagList(t.taskArn()))));
        }
        return new RunTaskResponse(out, List.of());
    }

    /** ECS's limits for RunTask's clientToken: up to 64 characters, each in the ASCII range 33-126. */
    static boolean validClientToken(String token) {
        if (token.isEmpty() || token.length() > 64) {
            return false;
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c < 33 || c > 126) {
                return false;
            }
        }
        return true;
    }

    /**
     * What identifies "the same parameters" of a RunTask: every member as given except the token itself and
     * the cluster (the token is already scoped to the cluster, so naming it by name, ARN or not at all for
     * {@code default} is the same call). Null members are dropped and object keys sorted, so the JSON
     * member order of the request doesn't matter; an absent {@code count} is the default 1.
     */
    static String fingerprint(RunTaskRequest in) {
        ObjectNode tree = EcsJson.MAPPER.valueToTree(in);
        tree.remove(List.of("clientToken", "cluster"));
        if (tree.path("count").isNull() || tree.path("count").isMissingNode()) {
            tree.put("count", 1);
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(EcsJson.write(canonical(tree))));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode canonical(JsonNode node) {
        if (node.isObject()) {
            ObjectNode sorted = EcsJson.MAPPER.createObjectNode();
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            names.sort(null);
            for (String name : names) {
                JsonNode v = node.get(name);
                if (!v.isNull()) {
                    sorted.set(name, canonical(v));
                }
            }
            return sorted;
        }
        if (node.isArray()) {
            ArrayNode out = EcsJson.MAPPER.createArrayNode();
            node.forEach(v -> out.add(canonical(v)));
            return out;
        }
        return node;
    }

    /**
     * Starts tasks of a service's deployment, as the service scheduler's RunTask: one per subnet listed (the
     * scheduler spreads them), in {@code group} {@code service:<name>}, started by the deployment's id, with the
     * service's tags. Roles are checked as RunTask checks them (a refusal is ECS's ClientException, which the
     * scheduler reports as an event).
     */
    List<Task> startServiceTasks(ClusterRecord cluster, TaskDefinitionRecord td, List<TaskNetworks.SubnetInfo> subnets,
                                 TaskShape shape, Map<String, String> taskTags) {
        TaskDefinitionView view = TaskDefinitionOperations.view(td.document());
        Instant now = clock.instant();
        List<Task> created = new ArrayList<>();
        for (TaskNetworks.SubnetInfo subnet : subnets) {
            created.add(newTask(td.region(), td.account(), cluster, td, view, shape, subnet, now));
        }
        if (created.isEmpty()) {
            return created;
        }
        checkRoles(created.getFirst(), view, null);
        repository.insertTasks(created);
        if (!taskTags.isEmpty()) {
            for (Task t : created) {
                repository.tag(t.taskArn(), taskTags);
            }
        }
        supervisor.launch(created);
        return created;
    }

    /**
     * What a new task is besides its task definition and subnet: RunTask's overrides and sizes, its group and
     * startedBy, platform version and ECS Exec.
     */
    record TaskShape(TaskOverride overrides, String cpu, String memory, String group, String startedBy,
                     String platformVersion, boolean enableExecuteCommand) {
    }

    private Task newTask(String region, String account, ClusterRecord cluster, TaskDefinitionRecord td,
                         TaskDefinitionView view, TaskShape shape, TaskNetworks.SubnetInfo subnet, Instant now) {
        TaskOverride overrides = shape.overrides();
        byte[] idBytes = new byte[16];
        RANDOM.nextBytes(idBytes);
        String id = HexFormat.of().formatHex(idBytes);
        String taskArn = EcsArns.task(region, account, cluster.name(), id);
        List<Container> containers = new ArrayList<>();
        for (ContainerDefinition def : view.containerDefinitions()) {
            ContainerOverride o = overrides == null ? null : overrides.containerOverride(def.name());
            Integer ccpu = o != null && o.cpu() != null ? o.cpu() : def.cpu();
            Integer cmem = o != null && o.memory() != null ? o.memory() : def.memory();
            Integer cres = o != null && o.memoryReservation() != null ? o.memoryReservation() : def.memoryReservation();
            containers.add(Container.builder()
                    .containerArn(EcsArns.prefix(region, account) + "container/" + cluster.name() + "/"
                            + id + "/" + UUID.randomUUID())
                    .taskArn(taskArn)
                    .name(def.name())
                    .image(def.image())
                    .lastStatus(ContainerLastStatus.PENDING)
                    .healthStatus(def.healthCheck() == null ? null : HealthStatus.UNKNOWN)
                    .cpu(String.valueOf(ccpu == null ? 0 : ccpu))
                    .memory(cmem == null ? null : String.valueOf(cmem))
                    .memoryReservation(cres == null ? null : String.valueOf(cres))
                    .networkInterfaces(List.of())
                    .build());
        }
        Attachment eni = Attachment.builder()
                .id(UUID.randomUUID().toString())
                .type(Attachment.ENI)
                .status(AttachmentStatus.PRECREATED)
                .details(List.of(new KeyValuePair("subnetId", subnet.id())))
                .build();
        return Task.builder()
                .taskArn(taskArn)
                .clusterArn(cluster.arn())
                .taskDefinitionArn(td.arn())
                .availabilityZone(region + subnet.availabilityZone())
                .launchType("FARGATE")
                .platformVersion(platformVersion(shape.platformVersion()))
                .platformFamily("Linux")
                .cpu(shape.cpu())
                .memory(shape.memory())
                .createdAt(now)
                .desiredStatus(TaskStatus.RUNNING)
                .lastStatus(TaskStatus.PROVISIONING)
                .healthStatus(HealthStatus.UNKNOWN)
                .enableExecuteCommand(shape.enableExecuteCommand())
                .group(shape.group())
                .startedBy(shape.startedBy())
                .version(1L)
                .ephemeralStorage(EcsJson.MAPPER.createObjectNode().put("sizeInGiB", 20))
                .overrides(effectiveOverrides(view, overrides))
                .attachments(List.of(eni))
                .containers(containers)
                .build();
    }

    /** Fargate's platform version: LATEST (or none) is 1.4.0, the latest Linux one. */
    static String platformVersion(String requested) {
        return requested == null || "LATEST".equals(requested) ? "1.4.0" : requested;
    }

    /** What ECS echoes as a task's overrides: every container listed, with what was overridden. */
    private static TaskOverride effectiveOverrides(TaskDefinitionView view, TaskOverride given) {
        List<ContainerOverride> list = new ArrayList<>();
        for (ContainerDefinition def : view.containerDefinitions()) {
            ContainerOverride o = given == null ? null : given.containerOverride(def.name());
            list.add(o != null ? o : new ContainerOverride(def.name(), null, null, null, null, null));
        }
        return new TaskOverride(list, given == null ? null : given.cpu(),
                given == null ? null : given.executionRoleArn(), given == null ? null : given.memory(),
                given == null ? null : given.taskRoleArn(), EcsJson.MAPPER.createArrayNode(),
                given == null ? null : given.ephemeralStorage());
    }

    StopTaskResponse stopTask(RequestContext ctx, StopTaskRequest in) {
        Validation.of().notNull("task", in.task()).check();
        ClusterRecord cluster = clusters.requireActive(ctx, in.cluster());
        String arn = taskArnOf(ctx, cluster, in.task());
        if (arn == null) {
            throw EcsErrors.invalidIdentifier("Task");
        }
        Task existing = repository.task(arn).orElseThrow(EcsErrors::taskNotFound);
        if (!existing.clusterArn().equals(cluster.arn())) {
            throw EcsErrors.taskNotFound();
        }
        String reason = in.reason() == null || in.reason().isEmpty() ? "Task stopped by user" : in.reason();
        if (reason.length() > 255) {
            reason = reason.substring(0, 255);
        }
        Task task = supervisor.requestStop(arn, StopCode.USER_INITIATED, reason);
        return new StopTaskResponse(task.with(b -> b.tags(tags.tagList(arn))));
    }

    DescribeTasksResponse describeTasks(RequestContext ctx, DescribeTasksRequest in) {
        if (in.tasks() == null || in.tasks().isEmpty()) {
            throw EcsErrors.tasksEmpty();
        }
        if (in.tasks().size() > 100) {
            throw EcsErrors.tooManyTasks();
        }
        ClusterRecord cluster = clusters.requireActive(ctx, in.cluster());
        boolean withTags = in.include() != null && in.include().contains("TAGS");
        Map<String, String> arnById = new LinkedHashMap<>();
        List<Failure> failures = new ArrayList<>();
        for (String id : in.tasks()) {
            String arn = taskArnOf(ctx, cluster, id);
            if (arn == null) {
                failures.add(new Failure(id, "MISSING", null));
            } else {
                arnById.putIfAbsent(arn, id);
            }
        }
        Map<String, Task> found = new LinkedHashMap<>();
        for (Task t : repository.tasks(arnById.keySet())) {
            found.put(t.taskArn(), t);
        }
        List<Task> tasks = new ArrayList<>();
        for (String arn : arnById.keySet()) {
            Task t = found.get(arn);
            if (t == null || !cluster.arn().equals(t.clusterArn())) {
                failures.add(new Failure(arn, "MISSING", null));
            } else {
                // ECS answers tags: [] unless include asks for them (its documented behaviour, and what the CLI shows).
                tasks.add(t.with(b -> b.tags(withTags ? tags.tagList(arn) : List.of())));
            }
        }
        return new DescribeTasksResponse(tasks, failures);
    }

    ListTasksResponse listTasks(RequestContext ctx, ListTasksRequest in) {
        Validation.of().oneOf("desiredStatus", in.desiredStatus(), DESIRED)
                .oneOf("launchType", in.launchType(), LAUNCH_TYPES).check();
        ClusterRecord cluster = clusters.requireActive(ctx, in.cluster());
        int size = EcsPageTokens.pageSize(in.maxResults(), 100);
        String after = EcsPageTokens.decode(in.nextToken());
        long afterSeq;
        try {
            afterSeq = after == null ? 0 : Long.parseLong(after);
        } catch (NumberFormatException e) {
            throw EcsErrors.invalidNextToken();
        }
        if (in.containerInstance() != null || in.daemonName() != null) {
            // No container instances or daemons exist in Homeport.
            return new ListTasksResponse(List.of(), null);
        }
        // A service's tasks are in its group (its scheduler starts them so); a service name may come as its ARN.
        String group = in.serviceName() == null ? null
                : "service:" + in.serviceName().substring(in.serviceName().lastIndexOf('/') + 1);
        TaskStatus desired = in.desiredStatus() == null ? TaskStatus.RUNNING : TaskStatus.valueOf(in.desiredStatus());
        TaskQuery q = new TaskQuery(cluster.arn(), familyFilter(in.family()), in.startedBy(), desired, in.launchType(),
                group);
        List<TaskRef> page = repository.listTasks(q, afterSeq, size + 1);
        String next = null;
        if (page.size() > size) {
            page = page.subList(0, size);
            next = EcsPageTokens.encode(String.valueOf(page.getLast().seq()));
        }
        return new ListTasksResponse(page.stream().map(TaskRef::arn).toList(), next);
    }

    private static String familyFilter(String family) {
        if (family == null) {
            return null;
        }
        // ECS takes a family name; a family:revision or ARN narrows to the family part.
        String f = family.startsWith("arn:") ? family.substring(family.indexOf('/') + 1) : family;
        int colon = f.indexOf(':');
        return colon < 0 ? f : f.substring(0, colon);
    }

    /** The ARN of a task given by ARN or by its 32-hex id in {@code cluster}; null when malformed. */
    static String taskArnOf(RequestContext ctx, ClusterRecord cluster, String identifier) {
        if (identifier.startsWith("arn:")) {
            EcsArns.Parsed p = EcsArns.parse(identifier);
            if (p == null || !"task".equals(p.type()) || !p.region().equals(ctx.region())
                    || !p.account().equals(ctx.accountId())) {
                return null;
            }
            return identifier;
        }
        return TASK_ID.matcher(identifier).matches()
                ? EcsArns.task(ctx.region(), ctx.accountId(), cluster.name(), identifier) : null;
    }

}
