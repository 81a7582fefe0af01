package dev.homeport.ecs;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homeport.ecs.EcsRepository.ClusterRecord;
import dev.homeport.ecs.model.Cluster;
import dev.homeport.ecs.model.ClusterApi.CreateClusterRequest;
import dev.homeport.ecs.model.ClusterApi.CreateClusterResponse;
import dev.homeport.ecs.model.ClusterApi.DeleteClusterRequest;
import dev.homeport.ecs.model.ClusterApi.DeleteClusterResponse;
import dev.homeport.ecs.model.ClusterApi.DescribeClustersRequest;
import dev.homeport.ecs.model.ClusterApi.DescribeClustersResponse;
import dev.homeport.ecs.model.ClusterApi.ListClustersRequest;
import dev.homeport.ecs.model.ClusterApi.ListClustersResponse;
import dev.homeport.ecs.model.ClusterSetting;
import dev.homeport.ecs.model.EcsJson;
import dev.homeport.ecs.model.Failure;
import dev.homeport.ecs.model.KeyValuePair;
import dev.homeport.ecs.model.TaskStatus;
import dev.homeport.protocol.AccessRule;
import dev.homeport.protocol.OperationRegistry;
import dev.homeport.protocol.RequestContext;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** CreateCluster, DescribeClusters, ListClusters, DeleteCluster, and cluster name resolution for the others. */
public final class ClusterOperations {
    public static final String DEFAULT_CLUSTER = "default";
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_-]{1,255}");

    private final EcsRepository repository;
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() { };
    private final ServiceStore services;
    private final EcsTagOperations tags;
    private final Clock clock;

    public ClusterOperations(EcsRepository repository, ServiceStore services, EcsTagOperations tags, Clock clock) {
        this.repository = repository;
        this.services = services;
        this.tags = tags;
        this.clock = clock;
    }

    void register(OperationRegistry registry) {
        registry.add("CreateCluster", CreateClusterRequest.class,
                EcsAccess.createCluster(),
                this::createCluster);
        registry.add("DescribeClusters", DescribeClustersRequest.class,
                EcsAccess.onClusters("DescribeClusters", DescribeClustersRequest::clusters),
                this::describeClusters);
        registry.add("ListClusters", ListClustersRequest.class,
                AccessRule.any("ecs:ListClusters"),
                this::listClusters);
        registry.add("DeleteCluster", DeleteClusterRequest.class,
                EcsAccess.onCluster("DeleteCluster", DeleteClusterRequest::cluster),
                this::deleteCluster);
    }

    CreateClusterResponse createCluster(RequestContext ctx, CreateClusterRequest in) {
        String name = in.clusterName() == null ? DEFAULT_CLUSTER : in.clusterName();
        if (!NAME.matcher(name).matches()) {
            throw EcsErrors.clusterNameInvalid();
        }
        Map<String, String> newTags = EcsTagOperations.validate(in.tags());
        List<ClusterSetting> settings = in.settings() == null || in.settings().isEmpty()
                ? List.of(new ClusterSetting("containerInsights", "disabled")) : in.settings();
        String arn = EcsArns.cluster(ctx.region(), ctx.accountId(), name);
        ClusterRecord created = repository.createCluster(new ClusterRecord(arn, ctx.region(), ctx.accountId(), name,
                "ACTIVE", settings, in.configuration() == null ? null : in.configuration().toString(), capacity(in),
                clock.instant()));
        if (!newTags.isEmpty()) {
            repository.tag(arn, newTags);
        }
        return new CreateClusterResponse(render(created, true, false, true));
    }

    /**
     * What CreateCluster was given for capacity, kept as given so that the cluster echoes it as ECS does. Homeport
     * runs every task on its own runtime whatever the strategy says (docs/COMPATIBILITY.md).
     */
    private static String capacity(CreateClusterRequest in) {
        ObjectNode capacity = EcsJson.MAPPER.createObjectNode();
        if (in.capacityProviders() != null) {
            capacity.set("capacityProviders", EcsJson.MAPPER.valueToTree(in.capacityProviders()));
        }
        if (in.defaultCapacityProviderStrategy() != null) {
            capacity.set("defaultCapacityProviderStrategy", in.defaultCapacityProviderStrategy());
        }
        if (in.serviceConnectDefaults() != null) {
            capacity.set("serviceConnectDefaults", in.serviceConnectDefaults());
        }
        return capacity.isEmpty() ? null : capacity.toString();
    }

    DescribeClustersResponse describeClusters(RequestContext ctx, DescribeClustersRequest in) {
        List<String> ids = in.clusters() == null || in.clusters().isEmpty() ? List.of(DEFAULT_CLUSTER) : in.clusters();
        List<String> include = in.include() == null ? List.of() : in.include();
        List<Cluster> found = new ArrayList<>();
        List<Failure> failures = new ArrayList<>();
        for (String id : ids) {
            String arn = arnOf(ctx, id);
            ClusterRecord c = arn == null ? null : repository.cluster(arn).orElse(null);
            if (c == null) {
                failures.add(new Failure(arn == null ? id : arn, "MISSING", null));
            } else {
                found.add(render(c, include.contains("SETTINGS"), include.contains("STATISTICS"),
                        include.contains("TAGS")));
            }
        }
        return new DescribeClustersResponse(found, failures);
    }

    ListClustersResponse listClusters(RequestContext ctx, ListClustersRequest in) {
        int size = EcsPageTokens.pageSize(in.maxResults(), 100);
        String after = EcsPageTokens.decode(in.nextToken());
        List<ClusterRecord> page = repository.listClusters(ctx.region(), ctx.accountId(), after, size + 1);
        String next = null;
        if (page.size() > size) {
            page = page.subList(0, size);
            next = EcsPageTokens.encode(page.getLast().arn());
        }
        return new ListClustersResponse(page.stream().map(ClusterRecord::arn).toList(), next);
    }

    DeleteClusterResponse deleteCluster(RequestContext ctx, DeleteClusterRequest in) {
        ClusterRecord c = requireActive(ctx, in.cluster());
        if (services.countActive(c.arn()) > 0) {
            throw EcsErrors.clusterContainsServices();
        }
        if (!repository.countActiveTasksByStatus(c.arn()).isEmpty()) {
            throw EcsErrors.clusterContainsTasks();
        }
        ClusterRecord inactive = c.withStatus("INACTIVE");
        repository.updateCluster(inactive);
        return new DeleteClusterResponse(render(inactive, true, false, false));
    }

    /** The ARN a cluster name or ARN stands for in this request's account and region; null when it can't be one. */
    static String arnOf(RequestContext ctx, String identifier) {
        if (identifier == null || identifier.isEmpty()) {
            return EcsArns.cluster(ctx.region(), ctx.accountId(), DEFAULT_CLUSTER);
        }
        if (identifier.startsWith("arn:")) {
            EcsArns.Parsed p = EcsArns.parse(identifier);
            if (p == null || !"cluster".equals(p.type()) || !p.region().equals(ctx.region())
                    || !p.account().equals(ctx.accountId())) {
                return null;
            }
            return identifier;
        }
        return NAME.matcher(identifier).matches() ? EcsArns.cluster(ctx.region(), ctx.accountId(), identifier) : null;
    }

    /** The ACTIVE cluster named by {@code identifier} (null: {@code default}); ClusterNotFoundException otherwise. */
    ClusterRecord requireActive(RequestContext ctx, String identifier) {
        String arn = arnOf(ctx, identifier);
        ClusterRecord c = arn == null ? null : repository.cluster(arn).orElse(null);
        if (c == null || !"ACTIVE".equals(c.status())) {
            throw EcsErrors.clusterNotFound();
        }
        return c;
    }

    /**
     * As {@link #requireActive}, except that an omitted cluster means {@code default}, which is created
     * on first use as ECS does.
     */
    ClusterRecord resolveForTasks(RequestContext ctx, String identifier) {
        if (identifier == null || identifier.isEmpty()) {
            String arn = EcsArns.cluster(ctx.region(), ctx.accountId(), DEFAULT_CLUSTER);
            ClusterRecord c = repository.cluster(arn).orElse(null);
            if (c != null && "ACTIVE".equals(c.status())) {
                return c;
            }
            return repository.createCluster(new ClusterRecord(arn, ctx.region(), ctx.accountId(), DEFAULT_CLUSTER,
                    "ACTIVE", List.of(new ClusterSetting("containerInsights", "disabled")), null, null, clock.instant()));
        }
        return requireActive(ctx, identifier);
    }

    private Cluster render(ClusterRecord c, boolean settings, boolean statistics, boolean withTags) {
        Map<TaskStatus, Integer> counts = repository.countActiveTasksByStatus(c.arn());
        int running = counts.getOrDefault(TaskStatus.RUNNING, 0);
        int pending = counts.getOrDefault(TaskStatus.PROVISIONING, 0) + counts.getOrDefault(TaskStatus.PENDING, 0)
                + counts.getOrDefault(TaskStatus.ACTIVATING, 0);
        int activeServices = services.countActive(c.arn());
        // ECS always answers statistics and tags, empty unless DescribeClusters' include asks for them.
        List<KeyValuePair> stats = List.of();
        if (statistics) {
            stats = List.of(new KeyValuePair("runningFargateTasksCount", String.valueOf(running)),
                    new KeyValuePair("pendingFargateTasksCount", String.valueOf(pending)),
                    new KeyValuePair("runningEC2TasksCount", "0"), new KeyValuePair("pendingEC2TasksCount", "0"),
                    new KeyValuePair("activeFargateServiceCount", String.valueOf(activeServices)),
                    new KeyValuePair("activeEC2ServiceCount", "0"),
                    new KeyValuePair("drainingFargateServiceCount", "0"),
                    new KeyValuePair("drainingEC2ServiceCount", "0"));
        }
        JsonNode capacity = c.capacityJson() == null ? EcsJson.MAPPER.createObjectNode() : readTree(c.capacityJson());
        List<String> providers = capacity.has("capacityProviders")
                ? EcsJson.MAPPER.convertValue(capacity.get("capacityProviders"), STRINGS) : null;
        return new Cluster(c.arn(), c.name(), c.status(), 0, running, pending, activeServices, stats,
                withTags ? tags.tagList(c.arn()) : List.of(), settings ? c.settings() : null, providers,
                capacity.get("defaultCapacityProviderStrategy"),
                c.configurationJson() == null ? null : readTree(c.configurationJson()), capacity.get("serviceConnectDefaults"));
    }

    private static JsonNode readTree(String json) {
        try {
            return EcsJson.MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
