package dev.homeport.ecs;

import dev.homeport.ecs.model.EcsJson;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.homeport.protocol.OperationRegistry;
import dev.homeport.protocol.ServiceModule;
import dev.homeport.sts.ServiceRoles;

import java.time.Clock;

/** Amazon ECS (Fargate launch type) over AWS JSON 1.1, target prefix {@code AmazonEC2ContainerServiceV20141113}. */
public final class EcsModule implements ServiceModule {
    private final ClusterOperations clusters;
    private final TaskDefinitionOperations taskDefinitions;
    private final TaskOperations tasks;
    private final EcsTagOperations tags;

    /**
     * @param networks the subnets and security groups RunTask accepts
     * @param roles    the roles ECS assumes for tasks: RunTask refuses a task whose roles it could not assume
     */
    public EcsModule(EcsRepository repository, TaskSupervisor supervisor, Clock clock, TaskNetworks networks,
                     ServiceRoles roles) {
        this.tags = new EcsTagOperations(repository);
        this.clusters = new ClusterOperations(repository, tags, clock);
        this.taskDefinitions = new TaskDefinitionOperations(repository, tags, clock);
        this.tasks = new TaskOperations(repository, clusters, taskDefinitions, tags, supervisor, clock,
                networks, roles);
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
        tags.register(registry);
    }
}
