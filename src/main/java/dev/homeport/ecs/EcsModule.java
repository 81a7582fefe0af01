package dev.homeport.ecs;

import dev.homeport.ecs.model.EcsJson;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.homeport.protocol.OperationRegistry;
import dev.homeport.protocol.ServiceModule;
import dev.homeport.sts.ServiceRoles;

import java.time.Clock;
import java.time.Duration;

/** Amazon ECS (Fargate launch type) over AWS JSON 1.1, target prefix {@code AmazonEC2ContainerServiceV20141113}. */
public final class EcsModule implements ServiceModule {
    private final ClusterOperations clusters;
    private final TaskDefinitionOperations taskDefinitions;
    private final TaskOperations tasks;
    private final EcsTagOperations tags;
    private final ServiceOperations services;
    private final ServiceScheduler scheduler;

    /**
     * @param networks the subnets and security groups RunTask accepts
     * @param roles    the roles ECS assumes for tasks: RunTask refuses a task whose roles it could not assume
     * @param settle   how long a service's task without health checks runs before it counts as healthy
     */
    public EcsModule(EcsRepository repository, ServiceStore serviceStore, TaskSupervisor supervisor, Clock clock,
                     TaskNetworks networks, ServiceRoles roles, Duration settle) {
        this.tags = new EcsTagOperations(repository, serviceStore);
        this.clusters = new ClusterOperations(repository, serviceStore, tags, clock);
        this.taskDefinitions = new TaskDefinitionOperations(repository, tags, clock);
        this.tasks = new TaskOperations(repository, clusters, taskDefinitions, tags, supervisor, clock,
                networks, roles);
        this.scheduler = new ServiceScheduler(serviceStore, repository, tasks, supervisor, clock, settle);
        this.services = new ServiceOperations(repository, serviceStore, clusters, taskDefinitions, tasks, tags,
                scheduler, clock);
    }

    /** The service scheduler, to start once the task runtime is ready and to close at shutdown. */
    public ServiceScheduler scheduler() {
        return scheduler;
    }

    @Override
    public String targetPrefix() {
        return "AmazonEC2ContainerServiceV20141113";
    }

    @Override
    public String signingName() {
        return "ecs";
    }

    @Override
    public ObjectMapper mapper() {
        return EcsJson.MAPPER;
    }

    @Override
    public void register(OperationRegistry registry) {
        clusters.register(registry);
        taskDefinitions.register(registry);
        tasks.register(registry);
        services.register(registry);
        tags.register(registry);
    }
}
