package dev.homeport.ecs.runner;

/**
 * The {@code awslogs} log driver: once the sandbox exists the log streams are created (a missing group fails
 * the start, as on ECS), each container's output is followed from its start, and the last lines are flushed
 * before the sandbox goes.
 */
final class AwsLogsHook implements TaskHook {
    private final AwsLogsShipper shipper;
    private AwsLogsShipper.Shipping shipping;

    AwsLogsHook(AwsLogsShipper shipper) {
        this.shipper = shipper;
    }

    @Override
    public void afterProvision(TaskLaunch launch) throws TaskStartFailure {
        try {
            shipping = shipper.prepare(launch);
        } catch (AwsLogsShipper.SetupFailure e) {
            throw new TaskStartFailure(e.getMessage(), e.containerName());
        }
    }

    @Override
    public void containerStarted(TaskLaunch launch, String container) {
        if (shipping != null) {
            shipping.follow(container);
        }
    }

    @Override
    public void beforeDestroy(TaskLaunch launch) {
        if (shipping != null) {
            shipping.close(); // the last lines reach CloudWatch Logs before the sandbox goes
            shipping = null;
        }
    }
}
