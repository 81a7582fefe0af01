package dev.homeport.ecs;

import dev.homeport.ecs.model.FargateSizes;
import dev.homeport.ecs.model.EcsJson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homeport.ecs.EcsRepository.TaskDefinitionRecord;
import dev.homeport.ecs.model.ContainerDefinition;
import dev.homeport.ecs.model.ContainerDependency;
import dev.homeport.ecs.model.Failure;
import dev.homeport.ecs.model.TaskDefinitionApi.DeleteTaskDefinitionsRequest;
import dev.homeport.ecs.model.TaskDefinitionApi.DeleteTaskDefinitionsResponse;
import dev.homeport.ecs.model.TaskDefinitionApi.DeregisterTaskDefinitionRequest;
import dev.homeport.ecs.model.TaskDefinitionApi.DescribeTaskDefinitionRequest;
import dev.homeport.ecs.model.TaskDefinitionApi.ListTaskDefinitionFamiliesRequest;
import dev.homeport.ecs.model.TaskDefinitionApi.ListTaskDefinitionFamiliesResponse;
import dev.homeport.ecs.model.TaskDefinitionApi.ListTaskDefinitionsRequest;
import dev.homeport.ecs.model.TaskDefinitionApi.ListTaskDefinitionsResponse;
import dev.homeport.ecs.model.TaskDefinitionApi.TaskDefinitionResponse;
import dev.homeport.ecs.model.TaskDefinitionView;
import dev.homeport.protocol.Json;
import dev.homeport.protocol.AccessRule;
import dev.homeport.protocol.OperationRegistry;
import dev.homeport.protocol.ProtocolErrors;
import dev.homeport.protocol.RequestContext;
import dev.homeport.protocol.Validation;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * RegisterTaskDefinition, DescribeTaskDefinition, ListTaskDefinitions, ListTaskDefinitionFamilies,
 * DeregisterTaskDefinition and DeleteTaskDefinitions.
 *
 * <p>A task definition is kept as the JSON it was registered with, plus what ECS adds (ARN, revision,
 * status, compatibilities, timestamps, container defaults). Members Homeport doesn't act on survive
 * unchanged; {@link TaskDefinitionView} is the typed view used for validation and to run tasks.
 */
public final class TaskDefinitionOperations {
    static final Pattern FAMILY = Pattern.compile("[a-zA-Z0-9_-]{1,255}");
    private static final List<String> NETWORK_MODES = List.of("bridge", "host", "awsvpc", "none");
    private static final List<String> COMPATIBILITIES = List.of("EC2", "FARGATE", "EXTERNAL", "MANAGED_INSTANCES");
    private static final List<String> CONDITIONS = List.of("START", "COMPLETE", "SUCCESS", "HEALTHY");
    private static final List<String> STATUSES = List.of("ACTIVE", "INACTIVE", "DELETE_IN_PROGRESS");

    private final EcsRepository repository;
    private final EcsTagOperations tags;
    private final Clock clock;

    public TaskDefinitionOperations(EcsRepository repository, EcsTagOperations tags, Clock clock) {
        this.repository = repository;
        this.tags = tags;
        this.clock = clock;
    }

    void register(OperationRegistry registry) {
        registry.add("RegisterTaskDefinition", ObjectNode.class,
                EcsAccess.registerTaskDefinition(),
                this::registerTaskDefinition);
        registry.add("DescribeTaskDefinition", DescribeTaskDefinitionRequest.class,
                EcsAccess.onTaskDefinition("DescribeTaskDefinition",
                        DescribeTaskDefinitionRequest::taskDefinition),
                this::describeTaskDefinition);
        registry.add("ListTaskDefinitions", ListTaskDefinitionsRequest.class,
                AccessRule.any("ecs:ListTaskDefinitions"),
                this::listTaskDefinitions);
        registry.add("ListTaskDefinitionFamilies", ListTaskDefinitionFamiliesRequest.class,
                AccessRule.any("ecs:ListTaskDefinitionFamilies"),
                this::listTaskDefinitionFamilies);
        registry.add("DeregisterTaskDefinition", DeregisterTaskDefinitionRequest.class,
                EcsAccess.onTaskDefinition("DeregisterTaskDefinition",
                        DeregisterTaskDefinitionRequest::taskDefinition),
                this::deregisterTaskDefinition);
        registry.add("DeleteTaskDefinitions", DeleteTaskDefinitionsRequest.class,
                EcsAccess.onTaskDefinitions("DeleteTaskDefinitions",
                        DeleteTaskDefinitionsRequest::taskDefinitions),
                this::deleteTaskDefinitions);
    }

    /** The typed view of a registration request or stored document; SerializationException on wrong types. */
    public static TaskDefinitionView view(JsonNode document) {
        try {
            return EcsJson.MAPPER.treeToValue(document, TaskDefinitionView.class);
        } catch (MismatchedInputException e) {
            throw Json.unreadable(e);
        } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
            throw ProtocolErrors.serialization("The request body could not be read.");
        }
    }

    TaskDefinitionResponse registerTaskDefinition(RequestContext ctx, ObjectNode input) {
        TaskDefinitionView td = view(input);
        Validation.of().notNull("family", td.family()).notNull("containerDefinitions", td.containerDefinitions())
                .oneOf("networkMode", td.networkMode(), NETWORK_MODES)
                .oneOf("pidMode", td.pidMode(), List.of("host", "task"))
                .oneOf("ipcMode", td.ipcMode(), List.of("host", "task", "none")).check();
        Map<String, String> newTags = EcsTagOperations.validate(td.tags());
        Sizes sizes = validate(td);
        requireExecutionRoleForAwslogs(td, input);
        Instant now = clock.instant();
        TaskDefinitionRecord record = repository.registerTaskDefinition(ctx.region(), ctx.accountId(), td.family(),
                revision -> {
                    String arn = EcsArns.taskDefinition(ctx.region(), ctx.accountId(), td.family(), revision);
                    return new TaskDefinitionRecord(arn, ctx.region(), ctx.accountId(), td.family(), revision,
                            "ACTIVE", document(ctx, input, td, sizes, arn, revision, now));
                });
        if (!newTags.isEmpty()) {
            repository.tag(record.arn(), newTags);
        }
        return new TaskDefinitionResponse(record.document(), newTags.isEmpty() ? null : tags.tagList(record.arn()));
    }

    private record Sizes(Integer cpu, Integer memory) {
    }

    /**
     * On Fargate the {@code awslogs} driver writes as the task's execution role, so a FARGATE definition using it
     * without one is refused at registration, as ECS refuses it.
     */
    private static void requireExecutionRoleForAwslogs(TaskDefinitionView td, JsonNode document) {
        boolean fargate = td.requiresCompatibilities() != null && td.requiresCompatibilities().contains("FARGATE");
        if (!fargate || td.executionRoleArn() != null && !td.executionRoleArn().isEmpty()) {
            return;
        }
        for (JsonNode c : document.path("containerDefinitions")) {
            if ("awslogs".equals(c.path("logConfiguration").path("logDriver").asText())) {
                throw EcsErrors.awslogsNeedExecutionRole();
            }
        }
    }

    /** Checks a task definition as ECS does at registration; returns the task size in units and MiB. */
    static Sizes validate(TaskDefinitionView td) {
        if (!FAMILY.matcher(td.family()).matches()) {
            throw EcsErrors.familyInvalid();
        }
        if (td.containerDefinitions().isEmpty()) {
            throw EcsErrors.containerListEmpty();
        }
        Validation v = Validation.of();
        if (td.requiresCompatibilities() != null) {
            for (int i = 0; i < td.requiresCompatibilities().size(); i++) {
                v.oneOf("requiresCompatibilities." + (i + 1) + ".member", td.requiresCompatibilities().get(i),
                        COMPATIBILITIES);
            }
        }
        v.check();
        Set<String> names = new HashSet<>();
        boolean anySecrets = false;
        for (ContainerDefinition c : td.containerDefinitions()) {
            if (c.name() == null || c.name().isEmpty()) {
                throw EcsErrors.containerNameMissing();
            }
            if (!names.add(c.name())) {
                throw EcsErrors.duplicateContainerName(c.name());
            }
            if (c.image() == null || c.image().isBlank()) {
                throw EcsErrors.containerImageMissing();
            }
            anySecrets |= c.hasSecrets();
        }
        for (ContainerDefinition c : td.containerDefinitions()) {
            if (c.dependsOn() != null) {
                for (ContainerDependency d : c.dependsOn()) {
                    if (d.containerName() == null || !names.contains(d.containerName())) {
                        throw EcsErrors.dependsOnUnknownContainer(c.name(), d.containerName());
                    }
                    Validation.of().notNull("condition", d.condition())
                            .oneOf("condition", d.condition(), CONDITIONS).check();
                }
            }
        }
        if (anySecrets && (td.executionRoleArn() == null || td.executionRoleArn().isEmpty())) {
            throw EcsErrors.secretsNeedExecutionRole();
        }
        Integer cpu = null;
        Integer memory = null;
        if (td.cpu() != null) {
            OptionalInt parsed = FargateSizes.parseCpu(td.cpu());
            if (parsed.isEmpty()) {
                throw EcsErrors.invalidTaskCpu();
            }
            cpu = parsed.getAsInt();
        }
        if (td.memory() != null) {
            OptionalInt parsed = FargateSizes.parseMemory(td.memory());
            if (parsed.isEmpty()) {
                throw EcsErrors.invalidTaskMemory();
            }
            memory = parsed.getAsInt();
        }
        boolean fargate = td.requiresCompatibilities() != null && td.requiresCompatibilities().contains("FARGATE");
        if (fargate) {
            if (!"awsvpc".equals(td.networkMode())) {
                throw EcsErrors.fargateNetworkMode();
            }
            if (cpu == null) {
                throw EcsErrors.fargateRequiresTaskCpu();
            }
            if (memory == null) {
                throw EcsErrors.fargateRequiresTaskMemory();
            }
            if (!FargateSizes.isValidFargate(cpu, memory)) {
                throw EcsErrors.noFargateConfiguration(String.valueOf(cpu), String.valueOf(memory));
            }
            if (td.pidMode() != null && !"task".equals(td.pidMode())) {
                throw EcsErrors.fargatePidMode(td.pidMode());
            }
            if (td.ipcMode() != null) {
                throw EcsErrors.fargateIpcMode();
            }
        }
        for (ContainerDefinition c : td.containerDefinitions()) {
            if (memory != null && c.memory() != null && c.memory() > memory) {
                throw EcsErrors.containerMemoryExceedsTask(c.name());
            }
            if (cpu != null && c.cpu() != null && c.cpu() > cpu) {
                throw EcsErrors.containerCpuExceedsTask(c.name());
            }
            if (fargate && c.stopTimeout() != null && c.stopTimeout() > 120) {
                throw EcsErrors.fargateStopTimeout();
            }
            if (memory == null && c.memory() == null && c.memoryReservation() == null) {
                throw EcsErrors.client("Invalid setting for container '" + c.name()
                        + "'. At least one of 'memory' or 'memoryReservation' must be specified.");
            }
        }
        return new Sizes(cpu, memory);
    }

    /** Whether a task definition can run on Fargate: awsvpc with a task size Fargate offers. */
    static boolean fargateCompatible(TaskDefinitionView td) {
        if (!"awsvpc".equals(td.networkMode())) {
            return false;
        }
        OptionalInt cpu = FargateSizes.parseCpu(td.cpu());
        OptionalInt memory = FargateSizes.parseMemory(td.memory());
        return cpu.isPresent() && memory.isPresent() && FargateSizes.isValidFargate(cpu.getAsInt(), memory.getAsInt());
    }

    private ObjectNode document(RequestContext ctx, ObjectNode input, TaskDefinitionView td, Sizes sizes, String arn,
                                int revision, Instant now) {
        ObjectNode doc = EcsJson.MAPPER.createObjectNode();
        doc.put("taskDefinitionArn", arn);
        ArrayNode containers = doc.putArray("containerDefinitions");
        for (JsonNode c : input.get("containerDefinitions")) {
            ObjectNode out = EcsJson.MAPPER.createObjectNode();
            out.setAll((ObjectNode) c.deepCopy());
            // What ECS adds to every container definition it stores.
            out.putIfAbsent("cpu", EcsJson.MAPPER.getNodeFactory().numberNode(0));
            out.putIfAbsent("portMappings", EcsJson.MAPPER.createArrayNode());
            out.putIfAbsent("essential", EcsJson.MAPPER.getNodeFactory().booleanNode(true));
            out.putIfAbsent("environment", EcsJson.MAPPER.createArrayNode());
            out.putIfAbsent("mountPoints", EcsJson.MAPPER.createArrayNode());
            out.putIfAbsent("volumesFrom", EcsJson.MAPPER.createArrayNode());
            containers.add(out);
        }
        input.fields().forEachRemaining(e -> {
            if (!e.getKey().equals("tags") && !e.getKey().equals("containerDefinitions")) {
                doc.set(e.getKey(), e.getValue().deepCopy());
            }
        });
        doc.put("family", td.family());
        doc.put("revision", revision);
        doc.putIfAbsent("volumes", EcsJson.MAPPER.createArrayNode());
        // ECS stores an EFS volume without rootDirectory as mounting the file system's root, and says so.
        for (JsonNode volume : doc.get("volumes")) {
            if (volume.get("efsVolumeConfiguration") instanceof ObjectNode efs) {
                efs.putIfAbsent("rootDirectory", EcsJson.MAPPER.getNodeFactory().textNode("/"));
            }
        }
        doc.put("status", "ACTIVE");
        ArrayNode attributes = doc.putArray("requiresAttributes");
        Set<String> required = new LinkedHashSet<>();
        required.add("com.amazonaws.ecs.capability.docker-remote-api.1.18");
        if ("awsvpc".equals(td.networkMode())) {
            required.add("ecs.capability.task-eni");
        }
        for (ContainerDefinition c : td.containerDefinitions()) {
            if (c.secrets() != null && !c.secrets().isEmpty()) {
                required.add("ecs.capability.execution-role-awslogs");
                required.add("ecs.capability.secrets.asm.environment-variables");
            }
            if (c.healthCheck() != null) {
                required.add("ecs.capability.container-health-check");
            }
            if (c.dependsOn() != null && !c.dependsOn().isEmpty()) {
                required.add("ecs.capability.container-ordering");
            }
        }
        required.forEach(name -> attributes.addObject().put("name", name));
        doc.putIfAbsent("placementConstraints", EcsJson.MAPPER.createArrayNode());
        ArrayNode compat = doc.putArray("compatibilities");
        compat.add("EC2");
        if (fargateCompatible(td)) {
            compat.add("FARGATE");
        }
        if (sizes.cpu() != null) {
            doc.put("cpu", String.valueOf(sizes.cpu()));
        }
        if (sizes.memory() != null) {
            doc.put("memory", String.valueOf(sizes.memory()));
        }
        doc.put("registeredAt", epochSeconds(now));
        doc.put("registeredBy", "arn:aws:iam::" + ctx.accountId() + ":root");
        return doc;
    }

    static BigDecimal epochSeconds(Instant t) {
        return BigDecimal.valueOf(t.toEpochMilli(), 3);
    }

    TaskDefinitionResponse describeTaskDefinition(RequestContext ctx, DescribeTaskDefinitionRequest in) {
        Validation.of().notNull("taskDefinition", in.taskDefinition()).check();
        TaskDefinitionRecord r = find(ctx, in.taskDefinition()).orElseThrow(EcsErrors::unableToDescribeTaskDefinition);
        boolean withTags = in.include() != null && in.include().contains("TAGS");
        return new TaskDefinitionResponse(r.document(), withTags ? tags.tagList(r.arn()) : null);
    }

    /**
     * Resolves {@code family} (latest ACTIVE revision), {@code family:revision} or a full ARN in the
     * caller's account and region.
     */
    public Optional<TaskDefinitionRecord> find(RequestContext ctx, String identifier) {
        if (identifier == null || identifier.isEmpty()) {
            return Optional.empty();
        }
        String resource = identifier;
        if (identifier.startsWith("arn:")) {
            EcsArns.Parsed p = EcsArns.parse(identifier);
            if (p == null || !"task-definition".equals(p.type()) || !p.region().equals(ctx.region())
                    || !p.account().equals(ctx.accountId())) {
                return Optional.empty();
            }
            resource = p.id();
        }
        int colon = resource.lastIndexOf(':');
        if (colon < 0) {
            return FAMILY.matcher(resource).matches()
                    ? repository.latestActiveTaskDefinition(ctx.region(), ctx.accountId(), resource)
                    : Optional.empty();
        }
        String family = resource.substring(0, colon);
        String rev = resource.substring(colon + 1);
        if (!FAMILY.matcher(family).matches() || !rev.matches("[1-9][0-9]{0,8}")) {
            return Optional.empty();
        }
        return repository.taskDefinition(EcsArns.taskDefinition(ctx.region(), ctx.accountId(), family,
                Integer.parseInt(rev)));
    }

    ListTaskDefinitionsResponse listTaskDefinitions(RequestContext ctx, ListTaskDefinitionsRequest in) {
        Validation.of().oneOf("status", in.status(), STATUSES).oneOf("sort", in.sort(), List.of("ASC", "DESC")).check();
        int size = EcsPageTokens.pageSize(in.maxResults(), 100);
        String after = EcsPageTokens.decode(in.nextToken());
        if (after != null && !after.matches("[a-zA-Z0-9_-]{1,255}\u0000[0-9]{10}")) {
            throw EcsErrors.invalidNextToken();
        }
        boolean desc = "DESC".equals(in.sort());
        // Despite its name, ListTaskDefinitions' familyPrefix is "the full family name" (API reference):
        // "web" lists web's revisions, not webapp's. ListTaskDefinitionFamilies' familyPrefix is a real prefix.
        List<TaskDefinitionRecord> page = repository.listTaskDefinitions(ctx.region(), ctx.accountId(),
                in.familyPrefix(), in.status() == null ? "ACTIVE" : in.status(), desc, after, size + 1);
        String next = null;
        if (page.size() > size) {
            page = page.subList(0, size);
            next = EcsPageTokens.encode(page.getLast().sortKey());
        }
        return new ListTaskDefinitionsResponse(page.stream().map(TaskDefinitionRecord::arn).toList(), next);
    }

    ListTaskDefinitionFamiliesResponse listTaskDefinitionFamilies(RequestContext ctx, ListTaskDefinitionFamiliesRequest in) {
        Validation.of().oneOf("status", in.status(), List.of("ACTIVE", "INACTIVE", "ALL")).check();
        int size = EcsPageTokens.pageSize(in.maxResults(), 100);
        String after = EcsPageTokens.decode(in.nextToken());
        List<String> page = repository.listFamilies(ctx.region(), ctx.accountId(), in.familyPrefix(),
                in.status() == null ? "ACTIVE" : in.status(), after, size + 1);
        String next = null;
        if (page.size() > size) {
            page = page.subList(0, size);
            next = EcsPageTokens.encode(page.getLast());
        }
        return new ListTaskDefinitionFamiliesResponse(page, next);
    }

    TaskDefinitionResponse deregisterTaskDefinition(RequestContext ctx, DeregisterTaskDefinitionRequest in) {
        Validation.of().notNull("taskDefinition", in.taskDefinition()).check();
        String id = in.taskDefinition();
        String resource = id.startsWith("arn:") ? id.substring(id.indexOf('/') + 1) : id;
        if (!resource.contains(":")) {
            throw EcsErrors.client("Revision is missing.");
        }
        TaskDefinitionRecord r = find(ctx, id).orElseThrow(EcsErrors::taskDefinitionDoesNotExist);
        if ("ACTIVE".equals(r.status())) {
            ObjectNode doc = r.document();
            doc.put("status", "INACTIVE");
            doc.put("deregisteredAt", epochSeconds(clock.instant()));
            r = new TaskDefinitionRecord(r.arn(), r.region(), r.account(), r.family(), r.revision(), "INACTIVE", doc);
            repository.updateTaskDefinition(r);
        }
        return new TaskDefinitionResponse(r.document(), null);
    }

    DeleteTaskDefinitionsResponse deleteTaskDefinitions(RequestContext ctx, DeleteTaskDefinitionsRequest in) {
        Validation.of().notNull("taskDefinitions", in.taskDefinitions()).check();
        if (in.taskDefinitions().isEmpty() || in.taskDefinitions().size() > 10) {
            throw EcsErrors.invalidParameter("The number of task definitions must be between 1 and 10.");
        }
        List<JsonNode> done = new ArrayList<>();
        List<Failure> failures = new ArrayList<>();
        for (String id : in.taskDefinitions()) {
            String resource = id.startsWith("arn:") ? id.substring(id.indexOf('/') + 1) : id;
            Optional<TaskDefinitionRecord> found = resource.contains(":") ? find(ctx, id) : Optional.empty();
            if (found.isEmpty()) {
                failures.add(new Failure(id, "The specified task definition does not exist.", null));
                continue;
            }
            TaskDefinitionRecord r = found.get();
            if ("ACTIVE".equals(r.status())) {
                failures.add(new Failure(r.arn(), "The specified task definition is still in ACTIVE status. "
                        + "Please deregister the target and try again.", null));
                continue;
            }
            if (!"DELETE_IN_PROGRESS".equals(r.status())) {
                ObjectNode doc = r.document();
                doc.put("status", "DELETE_IN_PROGRESS");
                doc.put("deleteRequestedAt", epochSeconds(clock.instant()));
                r = new TaskDefinitionRecord(r.arn(), r.region(), r.account(), r.family(), r.revision(),
                        "DELETE_IN_PROGRESS", doc);
                repository.updateTaskDefinition(r);
            }
            done.add(r.document());
        }
        return new DeleteTaskDefinitionsResponse(done, failures);
    }
}
