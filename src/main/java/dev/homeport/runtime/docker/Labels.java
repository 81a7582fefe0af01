package dev.homeport.runtime.docker;

/**
 * The labels Homeport puts on Docker objects. They are the driver's only memory: a restarted server
 * finds its tasks from them (ECS's own agent keeps a state file instead; labels can't get out of sync
 * with the containers they sit on).
 */
public final class Labels {

    /** On every task container (and a sandbox made for one task): the task ARN. */
    public static final String TASK_ARN = "dev.homeport.task-arn";
    /** On every task container (and a sandbox made for one task): the cluster. */
    public static final String CLUSTER = "dev.homeport.cluster";
    /** The task id, the driver's key. */
    public static final String TASK_ID = "dev.homeport.task-id";
    /** The ECS container name. */
    public static final String CONTAINER_NAME = "dev.homeport.container-name";
    /** The container's position in the task definition, to list containers in spec order. */
    public static final String CONTAINER_INDEX = "dev.homeport.container-index";
    /** {@link #ROLE_SANDBOX} or {@link #ROLE_CONTAINER}; present on everything Homeport runs. */
    public static final String ROLE = "dev.homeport.role";
    /** On task containers: the id of the sandbox whose network namespace they share. Labels can't change
     *  on a running container, so a pooled sandbox is tied to its task from this side. */
    public static final String SANDBOX = "dev.homeport.sandbox";
    /** The subnet the sandbox's interface is in. */
    public static final String SUBNET = "dev.homeport.subnet";
    /** The Homeport server instance that owns the object. Several servers (or test suites) may share one
     *  engine; {@code recover()} only ever reclaims objects of its own instance. */
    public static final String INSTANCE = "dev.homeport.instance";
    /** "true" on sandboxes created for the pool, before any task was known. */
    public static final String POOLED = "dev.homeport.pooled";

    public static final String ROLE_SANDBOX = "sandbox";
    public static final String ROLE_CONTAINER = "container";

    private Labels() {
    }
}
