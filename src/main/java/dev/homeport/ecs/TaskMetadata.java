package dev.homeport.ecs;

import dev.homeport.ecs.model.FargateSizes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homeport.ecs.model.Attachment;
import dev.homeport.ecs.model.Container;
import dev.homeport.ecs.model.ContainerLastStatus;
import dev.homeport.ecs.model.Task;
import dev.homeport.protocol.HttpRoute;
import dev.homeport.runtime.HostClock;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The task metadata endpoint the ECS agent serves on Fargate ({@code ECS_CONTAINER_METADATA_URI_V4} and the
 * older {@code ECS_CONTAINER_METADATA_URI}, version 3), for the tasks Homeport runs: {@code GET ${URI}} gives
 * the container's document, {@code GET ${URI}/task} the task's, in the shapes of AWS's "Task metadata
 * endpoint version 4" documentation. Only tasks that are running (not STOPPED) have one. No secret value is in
 * either document: environments are not part of the metadata.
 *
 * <p>{@code ${URI}/stats} and {@code ${URI}/task/stats} give the container's (and every container's, by Docker id)
 * resource usage in Docker's stats shape, from the engine, with v4's {@code network_rate_stats}; a runtime without
 * an engine (processes) answers {@code null} for a container, as the agent does for one it has no stats of yet.
 *
 * <p>Served by Homeport's HTTP server under {@code /_homeport/ecs/v4/<endpoint id>} (and {@code v3}), and at the
 * agent's address (see {@link #agentRoutes}), the id unguessable (see {@link #uri}). v4's task document has
 * {@code ClockDrift} from the kernel ({@link HostClock}) where it can be read; what isn't modelled
 * ({@code EphemeralStorageMetrics}) is left out rather than invented.
 */
public final class TaskMetadata {
    /** The path prefix of the endpoint on Homeport's HTTP server. */
    public static final String PATH = "/_homeport/ecs/";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A running task as the endpoint shows it.
     *
     * @param logs        each container's log configuration, by container name (none for a container without one)
     * @param taskRoleArn the task's role (its overrides', else its definition's), or null when it has none
     */
    public record LiveTask(Task task, Map<String, LogConfiguration> logs, String taskRoleArn) {
    }

    /** A container's {@code LogDriver} and {@code LogOptions}. */
    public record LogConfiguration(String driver, Map<String, String> options) {
    }

    /** A container's Docker stats document by task id and container name (see {@code TaskDriver.stats}). */
    @FunctionalInterface
    public interface ContainerStats {
        Optional<byte[]> of(String taskId, String containerName);
    }

    /** The network counters of a task's last stats, for v4's rates: the agent's rates are over its last interval. */
    private record NetworkSample(Instant read, long rxBytes, long txBytes) {
    }

    private final Function<String, Optional<LiveTask>> liveTasks;
    private final Function<String, Optional<String>> subnetCidrs;
    private final ContainerStats stats;
    private final EndpointKey key;
    private final Map<String, NetworkSample> lastNetwork = new ConcurrentHashMap<>();

    /**
     * @param liveTasks   a running task by its id (the last part of its ARN); empty when unknown or STOPPED
     * @param subnetCidrs a subnet's IPv4 CIDR block by its id
     * @param pathKey   the key that makes each container's endpoint id unguessable; the same across restarts, so
     *                  re-adopted tasks keep the URIs they were started with
     */
    public TaskMetadata(Function<String, Optional<LiveTask>> liveTasks, Function<String, Optional<String>> subnetCidrs,
                        ContainerStats stats, byte[] pathKey) {
        this.liveTasks = liveTasks;
        this.subnetCidrs = subnetCidrs;
        this.stats = stats;
        this.key = new EndpointKey(pathKey);
    }

    /**
     * The URI a container's {@code ECS_CONTAINER_METADATA_URI[_V4]} holds, given how the task reaches Homeport.
     * Its last segment is the task id and a MAC of the task id and container name ({@link EndpointKey}), so only the
     * container it was given to (and whoever it tells) can read the metadata.
     */
    public String uri(String base, String version, String taskId, String containerName) {
        return base + PATH + version + "/" + taskId + "-" + mac(taskId, containerName);
    }

    /** The same at the agent's address ({@code http://169.254.170.2/v4/<id>}), as Fargate gives it. */
    public String agentUri(String agentAddress, String version, String taskId, String containerName) {
        return "http://" + agentAddress + "/" + version + "/" + taskId + "-" + mac(taskId, containerName);
    }

    /**
     * The endpoint's routes. They are registered while the server is built, before the task runner exists, so they
     * look the endpoint up per request: 404 while there is none (and always without a task runtime).
     */
    public static List<HttpRoute> routes(Supplier<TaskMetadata> endpoint) {
        return routes(PATH, endpoint);
    }

    /** The routes at the agent's address, where the paths start at {@code /v4/}. */
    public static List<HttpRoute> agentRoutes(Supplier<TaskMetadata> endpoint) {
        return routes("/", endpoint);
    }

    private static List<HttpRoute> routes(String prefix, Supplier<TaskMetadata> endpoint) {
        return List.of(
                new HttpRoute(HttpRoute.Method.GET, prefix + "{version}/{endpoint}", request -> reply(
                        endpoint.get(), m -> m.container(request.path("version"), request.path("endpoint")))),
                new HttpRoute(HttpRoute.Method.GET, prefix + "{version}/{endpoint}/task", request -> reply(
                        endpoint.get(), m -> m.task(request.path("version"), request.path("endpoint")))),
                new HttpRoute(HttpRoute.Method.GET, prefix + "{version}/{endpoint}/stats", request -> reply(
                        endpoint.get(), m -> m.containerStats(request.path("version"), request.path("endpoint")))),
                new HttpRoute(HttpRoute.Method.GET, prefix + "{version}/{endpoint}/task/stats", request -> reply(
                        endpoint.get(), m -> m.taskStats(request.path("version"), request.path("endpoint")))));
    }

    private static HttpRoute.Reply reply(TaskMetadata endpoint, Function<TaskMetadata, Optional<byte[]>> document) {
        Optional<byte[]> body = endpoint == null ? Optional.empty() : document.apply(endpoint);
        return body.map(b -> HttpRoute.Reply.json(200, b)).orElseGet(HttpRoute.Reply::notFound);
    }

    /** {@code GET ${URI}}: the container's metadata. */
    public Optional<byte[]> container(String version, String endpointId) {
        boolean v4 = "v4".equals(version);
        if (!v4 && !"v3".equals(version)) {
            return Optional.empty();
        }
        return resolve(endpointId).map(e -> bytes(container(e.live(), e.container(), v4)));
    }

    /** {@code GET ${URI}/task}: the task's metadata with all its containers. */
    public Optional<byte[]> task(String version, String endpointId) {
        boolean v4 = "v4".equals(version);
        if (!v4 && !"v3".equals(version)) {
            return Optional.empty();
        }
        return resolve(endpointId).map(Endpoint::live).map(live -> {
            Task t = live.task();
            ObjectNode o = JSON.createObjectNode();
            o.put("Cluster", t.clusterArn());
            o.put("TaskARN", t.taskArn());
            String td = t.taskDefinitionArn().substring(t.taskDefinitionArn().indexOf('/') + 1);
            int colon = td.lastIndexOf(':');
            o.put("Family", colon < 0 ? td : td.substring(0, colon));
            o.put("Revision", colon < 0 ? "" : td.substring(colon + 1));
            o.put("DesiredStatus", t.desiredStatus().name());
            o.put("KnownStatus", t.lastStatus().name());
            ObjectNode limits = JSON.createObjectNode();
            FargateSizes.parseCpu(t.cpu()).ifPresent(cpu -> limits.put("CPU", cpu / 1024.0));
            FargateSizes.parseMemory(t.memory()).ifPresent(m -> limits.put("Memory", m));
            if (!limits.isEmpty()) {
                o.set("Limits", limits);
            }
            time(o, "PullStartedAt", t.pullStartedAt());
            time(o, "PullStoppedAt", t.pullStoppedAt());
            o.put("AvailabilityZone", t.availabilityZone());
            if (v4) {
                o.put("LaunchType", t.launchType());
                // The host's clock is the task's: as the agent, the kernel's own account of its synchronization.
                HostClock.read().ifPresent(clock -> {
                    ObjectNode drift = o.putObject("ClockDrift");
                    drift.put("ClockErrorBound", clock.errorBoundMillis());
                    drift.put("ReferenceTimestamp", clock.reference().toString());
                    drift.put("ClockSynchronizationStatus", clock.synced() ? "SYNCHRONIZED" : "NOT_SYNCHRONIZED");
                });
            }
            ArrayNode containers = o.putArray("Containers");
            for (Container c : t.containers()) {
                containers.add(container(live, c, v4));
            }
            return bytes(o);
        });
    }

    /** {@code GET ${URI}/stats}: the container's Docker stats ({@code null} when the runtime has none). */
    public Optional<byte[]> containerStats(String version, String endpointId) {
        boolean v4 = "v4".equals(version);
        if (!v4 && !"v3".equals(version)) {
            return Optional.empty();
        }
        return resolve(endpointId).map(e -> bytes(stats(e.live().task(), e.container(), v4)));
    }

    /**
     * {@code GET ${URI}/task/stats}: every container's stats, by Docker id, sampled at once (the engine takes a
     * second for each).
     */
    public Optional<byte[]> taskStats(String version, String endpointId) {
        boolean v4 = "v4".equals(version);
        if (!v4 && !"v3".equals(version)) {
            return Optional.empty();
        }
        return resolve(endpointId).map(Endpoint::live).map(live -> {
            List<Container> withIds = live.task().containers().stream().filter(c -> c.runtimeId() != null).toList();
            List<CompletableFuture<JsonNode>> sampled = withIds.stream().map(c -> CompletableFuture.supplyAsync(
                    () -> stats(live.task(), c, v4), task -> Thread.ofVirtual().start(task))).toList();
            ObjectNode o = JSON.createObjectNode();
            for (int i = 0; i < withIds.size(); i++) {
                o.set(withIds.get(i).runtimeId(), sampled.get(i).join());
            }
            return bytes(o);
        });
    }

    private JsonNode stats(Task task, Container c, boolean v4) {
        String taskId = task.taskArn().substring(task.taskArn().lastIndexOf('/') + 1);
        Optional<JsonNode> doc = stats.of(taskId, c.name()).flatMap(TaskMetadata::parse);
        if (doc.isEmpty() || !(doc.get() instanceof ObjectNode o)) {
            return NullNode.getInstance();
        }
        if (v4) {
            o.set("network_rate_stats", networkRates(task.taskArn(), o));
        }
        return o;
    }

    /**
     * v4's {@code network_rate_stats}: bytes per second received and sent by the task since its previous sample (0 on
     * the first), over all its interfaces.
     */
    private ObjectNode networkRates(String taskArn, ObjectNode stats) {
        long rx = 0;
        long tx = 0;
        JsonNode networks = stats.path("networks");
        for (JsonNode n : networks) {
            rx += n.path("rx_bytes").asLong();
            tx += n.path("tx_bytes").asLong();
        }
        Instant read;
        try {
            read = Instant.parse(stats.path("read").asText());
        } catch (java.time.format.DateTimeParseException e) {
            read = Instant.now();
        }
        NetworkSample now = new NetworkSample(read, rx, tx);
        NetworkSample before = lastNetwork.put(taskArn, now);
        lastNetwork.values().removeIf(s -> s.read().isBefore(now.read().minusSeconds(600))); // stopped tasks'
        ObjectNode rates = JSON.createObjectNode();
        double seconds = before == null ? 0 : Duration.between(before.read(), now.read()).toNanos() / 1e9;
        rates.put("rx_bytes_per_sec", seconds <= 0 ? 0.0 : Math.max(0, rx - before.rxBytes()) / seconds);
        rates.put("tx_bytes_per_sec", seconds <= 0 ? 0.0 : Math.max(0, tx - before.txBytes()) / seconds);
        return rates;
    }

    private static Optional<JsonNode> parse(byte[] json) {
        try {
            return Optional.of(JSON.readTree(json));
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }

    private record Endpoint(LiveTask live, Container container) {
    }

    /** The live task and container an endpoint id names, if its MAC is right. */
    private Optional<Endpoint> resolve(String endpointId) {
        int dash = endpointId.lastIndexOf('-');
        if (dash <= 0) {
            return Optional.empty();
        }
        String taskId = endpointId.substring(0, dash);
        String given = endpointId.substring(dash + 1);
        return liveTasks.apply(taskId).flatMap(live -> live.task().containers().stream()
                .filter(c -> key.matches(given, taskId + "/" + c.name()))
                .findFirst()
                .map(c -> new Endpoint(live, c)));
    }

    /** The MAC part of a container's endpoint id: over the task id and the container name. */
    private String mac(String taskId, String containerName) {
        return key.mac(taskId + "/" + containerName);
    }

    private ObjectNode container(LiveTask live, Container c, boolean v4) {
        Task t = live.task();
        ObjectNode o = JSON.createObjectNode();
        if (c.runtimeId() != null) {
            o.put("DockerId", c.runtimeId());
        }
        o.put("Name", c.name());
        o.put("DockerName", "homeport-" + t.taskArn().substring(t.taskArn().lastIndexOf('/') + 1) + "-" + c.name());
        o.put("Image", c.image());
        if (c.imageDigest() != null) {
            o.put("ImageID", c.imageDigest());
        }
        ObjectNode labels = o.putObject("Labels");
        labels.put("com.amazonaws.ecs.cluster", t.clusterArn());
        labels.put("com.amazonaws.ecs.container-name", c.name());
        labels.put("com.amazonaws.ecs.task-arn", t.taskArn());
        String td = t.taskDefinitionArn().substring(t.taskDefinitionArn().indexOf('/') + 1);
        int colon = td.lastIndexOf(':');
        labels.put("com.amazonaws.ecs.task-definition-family", colon < 0 ? td : td.substring(0, colon));
        labels.put("com.amazonaws.ecs.task-definition-version", colon < 0 ? "" : td.substring(colon + 1));
        o.put("DesiredStatus", t.desiredStatus().name());
        o.put("KnownStatus", c.lastStatus().name());
        ObjectNode limits = o.putObject("Limits");
        limits.put("CPU", parse(c.cpu(), 0));
        if (c.memory() != null) {
            limits.put("Memory", parse(c.memory(), 0));
        }
        // Containers are created once the image is pulled, and started after.
        time(o, "CreatedAt", t.pullStoppedAt());
        time(o, "StartedAt", c.lastStatus() != ContainerLastStatus.PENDING ? t.startedAt() : null);
        o.put("Type", "NORMAL");
        if (v4) {
            o.put("ContainerARN", c.containerArn());
            LogConfiguration log = live.logs().get(c.name());
            if (log != null) {
                o.put("LogDriver", log.driver());
                ObjectNode options = o.putObject("LogOptions");
                log.options().forEach(options::put);
            }
        }
        Attachment eni = t.eni();
        String ip = eni == null ? null : eni.detail("privateIPv4Address");
        if (ip != null) {
            ObjectNode net = o.putArray("Networks").addObject();
            net.put("NetworkMode", "awsvpc");
            net.putArray("IPv4Addresses").add(ip);
            if (v4) {
                net.put("AttachmentIndex", 0);
                putIfPresent(net, "MACAddress", eni.detail("macAddress"));
                putIfPresent(net, "PrivateDNSName", eni.detail("privateDnsName"));
                String subnetId = eni.detail("subnetId");
                subnetCidrs.apply(subnetId == null ? "" : subnetId).ifPresent(cidr -> {
                    net.put("IPv4SubnetCIDRBlock", cidr);
                    net.put("SubnetGatewayIpv4Address", gateway(cidr));
                });
            }
        }
        return o;
    }

    /**
     * A subnet's gateway as the metadata shows it, with the subnet's prefix length ("10.0.2.1/24"): the first address
     * after the network's, as in a VPC (where the ".1" address is the VPC router's) and in Homeport's task networks.
     */
    static String gateway(String cidr) {
        int slash = cidr.indexOf('/');
        String[] octets = cidr.substring(0, slash).split("\\.");
        int prefix = Integer.parseInt(cidr.substring(slash + 1));
        long address = 0;
        for (String octet : octets) {
            address = (address << 8) | Integer.parseInt(octet);
        }
        long network = prefix == 0 ? 0 : address & (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
        long gw = network + 1;
        return ((gw >> 24) & 255) + "." + ((gw >> 16) & 255) + "." + ((gw >> 8) & 255) + "." + (gw & 255)
                + cidr.substring(slash);
    }

    private static void putIfPresent(ObjectNode o, String name, String value) {
        if (value != null) {
            o.put(name, value);
        }
    }

    private static int parse(String s, int otherwise) {
        try {
            return s == null ? otherwise : Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    private static void time(ObjectNode o, String name, Instant t) {
        if (t != null) {
            o.put(name, t.toString());
        }
    }

    private static byte[] bytes(JsonNode o) {
        try {
            return JSON.writeValueAsBytes(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
