package dev.homeport.ecs.runner;

import dev.homeport.ecs.TaskNetworks;
import dev.homeport.ecs.model.Attachment;
import dev.homeport.ecs.model.AttachmentStatus;
import dev.homeport.ecs.model.Connectivity;
import dev.homeport.ecs.model.NetworkInterface;
import dev.homeport.ecs.model.Task;
import dev.homeport.runtime.NetworkAttachment;
import dev.homeport.runtime.NetworkRequest;
import dev.homeport.runtime.TaskHandle;

import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A task's awsvpc network as ECS shows it: the subnet RunTask chose (with its block, so the runtime gives the
 * task an address in it), and once the runtime has made the sandbox, the ENI attachment's details and each
 * container's {@code networkInterfaces}.
 */
final class NetworkSandbox {
    private NetworkSandbox() {
    }

    /**
     * The subnet RunTask recorded on the task's ENI, with its CIDR from the network configuration; the runtime's
     * default when there is no configured block for it.
     */
    static NetworkRequest request(Task task, TaskNetworks networks) {
        Attachment eni = task.eni();
        String subnetId = eni == null ? null : eni.detail("subnetId");
        if (subnetId == null) {
            return NetworkRequest.DEFAULT;
        }
        return networks.subnet(subnetId)
                .filter(s -> s.cidr() != null)
                .map(s -> new NetworkRequest(s.id(), s.cidr(), null))
                .orElse(NetworkRequest.DEFAULT);
    }

    /** What the task's record gains once the runtime provisioned it: the ENI's details, runtime ids, pull times. */
    static UnaryOperator<Task> attached(TaskHandle handle, Instant at) {
        NetworkAttachment net = handle.network();
        return task -> {
            Task t = task.with(b -> b
                    .pullStartedAt(handle.pullStartedAt() != null ? handle.pullStartedAt() : task.pullStartedAt())
                    .pullStoppedAt(handle.pullStoppedAt() != null ? handle.pullStoppedAt() : at)
                    .connectivity(Connectivity.CONNECTED)
                    .connectivityAt(at));
            Attachment eni = t.eni();
            if (eni != null && net != null) {
                t = t.withEni(a -> a.with(b -> b.status(AttachmentStatus.ATTACHED))
                        .withDetail("networkInterfaceId", net.networkInterfaceId())
                        .withDetail("macAddress", net.macAddress())
                        .withDetail("privateDnsName", "ip-" + net.privateIpv4Address().replace('.', '-') + ".ec2.internal")
                        .withDetail("privateIPv4Address", net.privateIpv4Address()));
            }
            List<NetworkInterface> interfaces = eni != null && net != null
                    ? List.of(new NetworkInterface(eni.id(), net.privateIpv4Address(), null)) : null;
            return t.withContainers(c -> {
                var h = handle.container(c.name());
                return c.with(b -> {
                    h.ifPresent(x -> b.runtimeId(x.runtimeId()).imageDigest(x.imageDigest()));
                    if (interfaces != null) {
                        b.networkInterfaces(interfaces);
                    }
                    return b;
                });
            });
        };
    }

    /** What the task's record shows once its sandbox is gone. */
    static Task detached(Task task) {
        return task.with(b -> b.connectivity(task.connectivity() == null ? null : Connectivity.DISCONNECTED))
                .withEni(a -> a.with(b -> b.status(AttachmentStatus.DELETED)));
    }
}
