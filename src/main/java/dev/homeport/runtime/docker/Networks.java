package dev.homeport.runtime.docker;

import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Network;
import dev.homeport.runtime.NetworkRequest;
import dev.homeport.runtime.TaskStartException;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One user-defined bridge network per subnet, created on demand with the subnet's CIDR. A user-defined bridge
 * (not the default {@code bridge}) because it honours a fixed subnet and requested IPs, and the host routes to it,
 * so a task's private IP is reachable from the host as an ENI's is inside its VPC.
 */
final class Networks {

    /**
     * The network on which every task reaches the ECS agent's address: the host is its gateway, {@link #AGENT_ADDRESS},
     * which is where the AWS SDKs fetch task-role credentials ({@code AWS_CONTAINER_CREDENTIALS_RELATIVE_URI}) and where
     * Fargate serves task metadata. One for every Homeport on the engine (Docker refuses two bridges with one block).
     * Internal (no route anywhere else) and without inter-container traffic: tasks reach the host on it, not each
     * other.
     */
    static final String AGENT_NETWORK = "homeport-ecs-agent";
    static final String AGENT_ADDRESS = "169.254.170.2";
    /** Link-local, as on ECS; a /23 leaves room for 500 tasks and keeps clear of 169.254.169.254 (EC2's IMDS). */
    static final String AGENT_SUBNET = "169.254.170.0/23";

    private final DockerConnection docker;
    private final ConcurrentHashMap<String, String> ensured = new ConcurrentHashMap<>(); // subnetId -> cidr
    /** subnetId -> the Docker network used, when not {@link #name} (another Homeport network has the same block) */
    private final ConcurrentHashMap<String, String> adopted = new ConcurrentHashMap<>();

    Networks(DockerConnection docker) {
        this.docker = docker;
    }

    static String name(String subnetId) {
        return "homeport-" + subnetId;
    }

    /** @return the Docker network name for the subnet, creating the network when missing */
    String ensure(NetworkRequest request) {
        String known = ensured.get(request.subnetId());
        if (known != null) {
            if (!known.equals(request.cidr())) {
                throw mismatch(request, known);
            }
            return adopted.getOrDefault(request.subnetId(), name(request.subnetId()));
        }
        synchronized (this) {
            String cidr = inspectOrCreate(request);
            if (!cidr.equals(request.cidr())) {
                throw mismatch(request, cidr);
            }
            ensured.put(request.subnetId(), cidr);
            return adopted.getOrDefault(request.subnetId(), name(request.subnetId()));
        }
    }

    /** The bridge's gateway address (the host, as tasks on the network see it), without prefix length. */
    java.util.Optional<String> gateway(NetworkRequest request) {
        try {
            Network n = docker.control().inspectNetworkCmd().withNetworkId(name(request.subnetId())).exec();
            List<Network.Ipam.Config> configs = n.getIpam() == null ? null : n.getIpam().getConfig();
            if (configs == null || configs.isEmpty() || configs.getFirst().getGateway() == null) {
                return java.util.Optional.empty();
            }
            String g = configs.getFirst().getGateway();
            return java.util.Optional.of(g.contains("/") ? g.substring(0, g.indexOf('/')) : g);
        } catch (NotFoundException e) {
            return java.util.Optional.empty();
        }
    }

    /**
     * Creates {@link #AGENT_NETWORK} when missing.
     *
     * @return whether the network exists with the host at {@link #AGENT_ADDRESS}
     */
    boolean ensureAgentNetwork() {
        try {
            Network existing = docker.control().inspectNetworkCmd().withNetworkId(AGENT_NETWORK).exec();
            List<Network.Ipam.Config> configs = existing.getIpam() == null ? null : existing.getIpam().getConfig();
            return configs != null && !configs.isEmpty() && AGENT_ADDRESS.equals(configs.getFirst().getGateway());
        } catch (NotFoundException e) {
            // create below
        }
        try {
            docker.control().createNetworkCmd()
                    .withName(AGENT_NETWORK)
                    .withDriver("bridge")
                    .withCheckDuplicate(true)
                    .withInternal(true)
                    .withOptions(Map.of("com.docker.network.bridge.enable_icc", "false"))
                    .withIpam(new Network.Ipam().withConfig(new Network.Ipam.Config().withSubnet(AGENT_SUBNET)
                            .withGateway(AGENT_ADDRESS)))
                    .withLabels(Map.of(Labels.ROLE, "agent-network"))
                    .exec();
            return true;
        } catch (DockerException e) {
            // Another Homeport created it meanwhile, or the block is taken: tasks then get no agent address.
            try {
                docker.control().inspectNetworkCmd().withNetworkId(AGENT_NETWORK).exec();
                return true;
            } catch (NotFoundException gone) {
                return false;
            }
        }
    }

    /** Forget what we know, e.g. after the network was removed behind our back. */
    void forget(String subnetId) {
        ensured.remove(subnetId);
        adopted.remove(subnetId);
    }

    /** The Docker network name a subnet uses, e.g. for reading a sandbox's address. */
    String current(String subnetId) {
        return adopted.getOrDefault(subnetId, name(subnetId));
    }

    private String inspectOrCreate(NetworkRequest request) {
        String name = name(request.subnetId());
        try {
            Network existing = docker.control().inspectNetworkCmd().withNetworkId(name).exec();
            List<Network.Ipam.Config> configs = existing.getIpam() == null ? List.of() : existing.getIpam().getConfig();
            return configs == null || configs.isEmpty() ? "" : configs.getFirst().getSubnet();
        } catch (NotFoundException e) {
            // create below
        }
        try {
            docker.control().createNetworkCmd()
                    .withName(name)
                    .withDriver("bridge")
                    .withCheckDuplicate(true) // engines before 25 allow two networks with one name otherwise
                    .withIpam(new Network.Ipam().withConfig(new Network.Ipam.Config().withSubnet(request.cidr())))
                    .withLabels(Map.of(Labels.ROLE, "network", Labels.SUBNET, request.subnetId()))
                    .exec();
            return request.cidr();
        } catch (DockerException e) {
            // Docker refuses two bridges with overlapping blocks. Another Homeport network with exactly this block
            // (an older subnet id for the same CIDR, or another Homeport on this engine) serves as well: adopt it.
            String same = homeportNetworkWith(request.cidr());
            if (same != null) {
                adopted.put(request.subnetId(), same);
                return request.cidr();
            }
            throw new TaskStartException(TaskStartException.Kind.RESOURCE_INITIALIZATION, null,
                    "cannot create network " + name + " for " + request.cidr() + ": " + DockerErrors.daemonMessage(e), e);
        }
    }

    private String homeportNetworkWith(String cidr) {
        try {
            for (Network n : docker.control().listNetworksCmd().withFilter("label", List.of(Labels.ROLE + "=network"))
                    .exec()) {
                List<Network.Ipam.Config> configs = n.getIpam() == null ? null : n.getIpam().getConfig();
                if (configs != null && !configs.isEmpty() && cidr.equals(configs.getFirst().getSubnet())) {
                    return n.getName();
                }
            }
        } catch (DockerException e) {
            // fall through: report the original failure
        }
        return null;
    }

    private static TaskStartException mismatch(NetworkRequest request, String actual) {
        return new TaskStartException(TaskStartException.Kind.RESOURCE_INITIALIZATION, null,
                "network " + name(request.subnetId()) + " has subnet " + actual + ", not " + request.cidr(), null);
    }
}
