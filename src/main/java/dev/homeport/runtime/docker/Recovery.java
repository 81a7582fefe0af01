package dev.homeport.runtime.docker;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerNetwork;
import dev.homeport.runtime.ContainerState;
import dev.homeport.runtime.NetworkAttachment;
import dev.homeport.runtime.RecoveredTask;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** {@link DockerTaskDriver#recover()}: rebuilds the task list from labels and reclaims orphaned sandboxes. */
final class Recovery {

    private final DockerConnection docker;
    private final Sandboxes sandboxes;
    private final String instance;
    private final Function<String, List<ContainerState>> inspectTask;

    Recovery(DockerConnection docker, Sandboxes sandboxes, String instance,
             Function<String, List<ContainerState>> inspectTask) {
        this.docker = docker;
        this.instance = instance;
        this.sandboxes = sandboxes;
        this.inspectTask = inspectTask;
    }

    List<RecoveredTask> run() {
        // only this instance's objects: another live server on the same engine owns the rest
        List<Container> all = docker.control().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(Labels.INSTANCE, instance)).exec();
        Set<String> sandboxIds = all.stream()
                .filter(c -> Labels.ROLE_SANDBOX.equals(c.getLabels().get(Labels.ROLE)))
                .map(Container::getId).collect(Collectors.toSet());
        Map<String, List<Container>> byTask = all.stream()
                .filter(c -> Labels.ROLE_CONTAINER.equals(c.getLabels().get(Labels.ROLE)))
                .collect(Collectors.groupingBy(c -> c.getLabels().get(Labels.TASK_ID)));

        List<RecoveredTask> tasks = new ArrayList<>();
        Set<String> referenced = new HashSet<>();
        for (Map.Entry<String, List<Container>> e : byTask.entrySet()) {
            Map<String, String> labels = e.getValue().getFirst().getLabels();
            String sandboxId = labels.get(Labels.SANDBOX);
            referenced.add(sandboxId);
            NetworkAttachment network = sandboxIds.contains(sandboxId) ? attachment(sandboxId, labels.get(Labels.SUBNET)) : null;
            tasks.add(new RecoveredTask(e.getKey(), labels.get(Labels.TASK_ARN), labels.get(Labels.CLUSTER), network,
                    inspectTask.apply(e.getKey())));
        }
        // a sandbox no task container points to can't belong to any task: an idle pooled sandbox of an earlier
        // server, or a task sandbox whose containers were never created (the server died mid-provision)
        sandboxIds.stream()
                .filter(id -> !referenced.contains(id) && !sandboxes.inUseHere(id))
                .forEach(sandboxes::remove);
        return tasks;
    }

    private NetworkAttachment attachment(String sandboxId, String subnetId) {
        try {
            InspectContainerResponse i = docker.control().inspectContainerCmd(sandboxId).exec();
            var all = i.getNetworkSettings().getNetworks();
            ContainerNetwork n = all.get(Networks.name(subnetId));
            if (n == null && all.size() == 1) {
                // the subnet adopted another Homeport network with the same block (see Networks)
                n = all.values().iterator().next();
            }
            return n == null ? null : new Sandbox(sandboxId, subnetId, n.getIpAddress(), n.getMacAddress()).attachment();
        } catch (NotFoundException e) {
            return null;
        }
    }
}
