package dev.homeport.ecs.runner;

import dev.homeport.ecs.model.ContainerDefinition;
import dev.homeport.ecs.model.TaskSpecs;
import dev.homeport.runtime.ContainerState;
import dev.homeport.runtime.TaskDriver;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * How a task's containers are stopped, as ECS stops them: all at once, each with SIGTERM and, after its
 * {@code stopTimeout} (30 s by default), SIGKILL; then what the runtime saw of each (exit code, reason).
 */
final class StopSequence {
    private static final Logger LOG = Logger.getLogger(StopSequence.class.getName());

    private StopSequence() {
    }

    /** Stops every container of {@code taskId} and waits for all of them; a failure to stop one is logged. */
    static Map<String, ContainerState> stopAll(TaskDriver driver, String taskId, List<ContainerDefinition> containers,
                                               ExecutorService threads) {
        List<Future<?>> stops = new ArrayList<>();
        for (ContainerDefinition c : containers) {
            stops.add(threads.submit(() -> driver.stop(taskId, c.name(), TaskSpecs.stopTimeout(c))));
        }
        for (Future<?> f : stops) {
            try {
                f.get();
            } catch (Exception e) {
                LOG.log(Level.WARNING, "stopping a container of task " + taskId + " failed", e);
            }
        }
        Map<String, ContainerState> states = new HashMap<>();
        for (ContainerState s : driver.inspectTask(taskId)) {
            states.put(s.name(), s);
        }
        return states;
    }
}
