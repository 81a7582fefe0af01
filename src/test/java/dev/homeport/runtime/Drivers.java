package dev.homeport.runtime;

import java.time.Duration;
import java.util.List;

/**
 * What tests of a driver do in one step and Homeport does in steps of its own (the task runner starts containers
 * in {@code dependsOn} order and stops them in its stop sequence): start every container, stop every container.
 */
public final class Drivers {
    private Drivers() {
    }

    /** Provisions the task and starts its containers in spec order; on a failure the task is destroyed. */
    public static TaskHandle start(TaskDriver driver, TaskSpec spec) {
        TaskHandle handle = driver.provision(spec);
        try {
            for (ContainerSpec container : spec.containers()) {
                driver.startContainer(spec.taskId(), container.name());
            }
            return handle;
        } catch (RuntimeException e) {
            driver.destroy(spec.taskId());
            throw e;
        }
    }

    /** Stops every container of the task at the same time, each with {@code grace}; nothing for a missing task. */
    public static void stopTask(TaskDriver driver, String taskId, Duration grace) {
        List<Thread> stoppers = driver.inspectTask(taskId).stream()
                .map(c -> Thread.ofVirtual().start(() -> driver.stop(taskId, c.name(), grace)))
                .toList();
        for (Thread t : stoppers) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
