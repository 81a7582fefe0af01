package dev.homeport.runtime.docker;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.HostConfig;
import dev.homeport.runtime.NetworkRequest;
import dev.homeport.runtime.TaskSpec;
import dev.homeport.runtime.TaskStartException;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Network sandboxes: one pause container per task, whose network namespace the task's containers join
 * ({@code --network container:<id>}), as the ECS agent does for awsvpc. The sandbox holds the task's IP.
 *
 * <p>A sandbox costs one extra container start, so a few are kept started per subnet. A pooled sandbox is
 * created before its task is known and labels can't be changed later, so it carries only
 * {@code dev.homeport.pooled=true}; the tie to its task is the {@code dev.homeport.sandbox} label on the
 * task's containers, plus a rename to {@code homeport-<taskId>-sandbox} for humans and for
 * {@link DockerTaskDriver#destroy}. A sandbox made for one task (pool empty, or a specific IP requested)
 * carries the task labels itself.
 */
final class Sandboxes implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Sandboxes.class.getName());

    private final DockerConnection docker;
    private final Networks networks;
    private final String pauseImage;
    private final int poolSize;
    private final String instance;
    private final ConcurrentHashMap<String, Pool> pools = new ConcurrentHashMap<>();
    /** Sandboxes taken for a task whose containers may not exist yet; recover() must leave them alone. */
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final ExecutorService refills = Executors.newVirtualThreadPerTaskExecutor();
    /** Whether each sandbox also joins {@link Networks#AGENT_NETWORK}. */
    private final boolean agentNetwork;
    private volatile boolean closed;

    Sandboxes(DockerConnection docker, Networks networks, String pauseImage, int poolSize, String instance,
              boolean agentNetwork) {
        this.docker = docker;
        this.agentNetwork = agentNetwork;
        this.instance = instance;
        this.networks = networks;
        this.pauseImage = pauseImage;
        this.poolSize = poolSize;
    }

    static String taskSandboxName(String taskId) {
        return "homeport-" + taskId + "-sandbox";
    }

    /**
     * A running sandbox for the task, renamed to {@link #taskSandboxName}. The caller must call
     * {@link #settled} once the task's containers exist (or were given up).
     *
     * @throws IllegalStateException when the task already has a sandbox (the task exists)
     */
    Sandbox acquire(TaskSpec spec) {
        NetworkRequest net = spec.network();
        String networkName = networks.ensure(net);
        String name = taskSandboxName(spec.taskId());
        if (net.requestedIp() == null && poolSize > 0) {
            Pool pool = pool(net);
            try {
                Sandbox s;
                while ((s = pool.idle.poll()) != null) {
                    inFlight.add(s.id());
                    try {
                        docker.control().renameContainerCmd(s.id()).withName(name).exec();
                        if (Boolean.TRUE.equals(docker.control().inspectContainerCmd(s.id()).exec().getState().getRunning())) {
                            return s;
                        }
                        // stopped behind our back (an engine restart stops every container): containers
                        // can't join a stopped sandbox's namespace, so drop it and try the next
                        inFlight.remove(s.id());
                        remove(s.id());
                    } catch (NotFoundException e) {
                        inFlight.remove(s.id()); // removed behind our back (another server's recover()); try the next
                    } catch (ConflictException e) {
                        inFlight.remove(s.id());
                        pool.idle.addFirst(s);
                        throw new IllegalStateException("task " + spec.taskId() + " already exists", e);
                    }
                }
            } finally {
                pool.refill();
            }
        }
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(Labels.ROLE, Labels.ROLE_SANDBOX);
        labels.put(Labels.INSTANCE, instance);
        labels.put(Labels.SUBNET, net.subnetId());
        labels.put(Labels.TASK_ID, spec.taskId());
        labels.put(Labels.TASK_ARN, spec.taskArn());
        labels.put(Labels.CLUSTER, spec.cluster());
        Sandbox s = create(networkName, net, name, labels);
        inFlight.add(s.id());
        return s;
    }

    void settled(Sandbox sandbox) {
        inFlight.remove(sandbox.id());
    }

    boolean inUseHere(String sandboxId) {
        return inFlight.contains(sandboxId)
                || pools.values().stream().anyMatch(p -> p.idle.stream().anyMatch(s -> s.id().equals(sandboxId)));
    }

    int idle(String subnetId) {
        Pool p = pools.get(subnetId);
        return p == null ? 0 : p.idle.size();
    }

    /** Starts filling the pool of a subnet now rather than on its first task. */
    void warm(NetworkRequest net) {
        if (poolSize > 0) {
            networks.ensure(net);
            pool(net).refill();
        }
    }

    private Pool pool(NetworkRequest net) {
        return pools.computeIfAbsent(net.subnetId(), id -> new Pool(new NetworkRequest(net.subnetId(), net.cidr(), null)));
    }

    private Sandbox create(String networkName, NetworkRequest net, String name, Map<String, String> labels) {
        try {
            return createOnce(networkName, net, name, labels);
        } catch (NotFoundException e) {
            // the network was removed behind our back: make it again, once
            networks.forget(net.subnetId());
            return createOnce(networks.ensure(net), net, name, labels);
        }
    }

    private Sandbox createOnce(String networkName, NetworkRequest net, String name, Map<String, String> labels) {
        String id = null;
        try {
            CreateContainerCmd cmd = docker.control().createContainerCmd(pauseImage)
                    .withName(name)
                    .withLabels(labels)
                    .withHostConfig(HostConfig.newHostConfig().withNetworkMode(networkName));
            if (net.requestedIp() != null) {
                cmd.withIpv4Address(net.requestedIp());
            }
            id = cmd.exec().getId();
            if (agentNetwork) {
                // Before the start: the task's containers, which join this namespace, find both interfaces.
                docker.control().connectToNetworkCmd().withNetworkId(Networks.AGENT_NETWORK).withContainerId(id).exec();
            }
            docker.control().startContainerCmd(id).exec();
            ContainerNetwork endpoint = docker.control().inspectContainerCmd(id).exec()
                    .getNetworkSettings().getNetworks().get(networkName);
            return new Sandbox(id, net.subnetId(), endpoint.getIpAddress(), endpoint.getMacAddress());
        } catch (ConflictException e) {
            throw new IllegalStateException("container " + name + " already exists", e);
        } catch (NotFoundException e) {
            if (id != null) {
                remove(id);
            }
            throw e;
        } catch (DockerException | NullPointerException e) {
            if (id != null) {
                remove(id);
            }
            throw new TaskStartException(TaskStartException.Kind.RESOURCE_INITIALIZATION, null,
                    "failed to set up the task network in " + networkName + ": " + DockerErrors.daemonMessage(e), e);
        }
    }

    void remove(String sandboxId) {
        try {
            docker.control().removeContainerCmd(sandboxId).withForce(true).withRemoveVolumes(true).exec();
        } catch (NotFoundException e) {
            // already gone
        } catch (com.github.dockerjava.api.exception.ConflictException e) {
            // "removal of container ... is already in progress": a removal by another call (destroy names the
            // sandbox by id and by name) or by another server's recovery; it is going away either way
            if (e.getMessage() == null || !e.getMessage().contains("already in progress")) {
                throw e;
            }
        }
    }

    /** Removes idle pooled sandboxes; sandboxes of tasks stay with their tasks. */
    @Override
    public void close() {
        closed = true;
        refills.shutdown();
        pools.values().forEach(p -> {
            Sandbox s;
            while ((s = p.idle.poll()) != null) {
                remove(s.id());
            }
        });
    }

    private final class Pool {
        final NetworkRequest net;
        final ConcurrentLinkedDeque<Sandbox> idle = new ConcurrentLinkedDeque<>();
        private int creating; // guarded by this

        Pool(NetworkRequest net) {
            this.net = net;
        }

        synchronized void refill() {
            while (!closed && idle.size() + creating < poolSize) {
                creating++;
                refills.execute(this::addOne);
            }
        }

        private void addOne() {
            try {
                String name = "homeport-pool-" + HexFormat.of().formatHex(randomBytes());
                Sandbox s = create(networks.ensure(net), net, name,
                        Map.of(Labels.ROLE, Labels.ROLE_SANDBOX, Labels.INSTANCE, instance,
                                Labels.POOLED, "true", Labels.SUBNET, net.subnetId()));
                if (closed) {
                    remove(s.id());
                } else {
                    idle.add(s);
                }
            } catch (RuntimeException e) {
                // the next acquire() refills again; no retry loop against a failing engine
                LOG.log(Level.WARNING, "could not pre-start a sandbox in " + net.subnetId(), e);
            } finally {
                synchronized (this) {
                    creating--;
                }
            }
        }

        private static byte[] randomBytes() {
            byte[] b = new byte[6];
            ThreadLocalRandom.current().nextBytes(b);
            return b;
        }
    }
}
