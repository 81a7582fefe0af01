package dev.homeport.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homeport.ecs.EcsRepository.ClusterRecord;
import dev.homeport.ecs.EcsRepository.TaskDefinitionRecord;
import dev.homeport.ecs.ServiceStore.StoredService;
import dev.homeport.ecs.model.AwsVpcConfiguration;
import dev.homeport.ecs.model.Deployment;
import dev.homeport.ecs.model.DeploymentConfiguration;
import dev.homeport.ecs.model.DeploymentStatus;
import dev.homeport.ecs.model.EcsJson;
import dev.homeport.ecs.model.Failure;
import dev.homeport.ecs.model.NetworkConfiguration;
import dev.homeport.ecs.model.RolloutState;
import dev.homeport.ecs.model.Service;
import dev.homeport.ecs.model.ServiceApi.CreateServiceRequest;
import dev.homeport.ecs.model.ServiceApi.CreateServiceResponse;
import dev.homeport.ecs.model.ServiceApi.DeleteServiceRequest;
import dev.homeport.ecs.model.ServiceApi.DeleteServiceResponse;
import dev.homeport.ecs.model.ServiceApi.DescribeServicesRequest;
import dev.homeport.ecs.model.ServiceApi.DescribeServicesResponse;
import dev.homeport.ecs.model.ServiceApi.ListServicesByNamespaceRequest;
import dev.homeport.ecs.model.ServiceApi.ListServicesByNamespaceResponse;
import dev.homeport.ecs.model.ServiceApi.ListServicesRequest;
import dev.homeport.ecs.model.ServiceApi.ListServicesResponse;
import dev.homeport.ecs.model.ServiceApi.UpdateServiceRequest;
import dev.homeport.ecs.model.ServiceApi.UpdateServiceResponse;
import dev.homeport.ecs.model.ServiceStatus;
import dev.homeport.ecs.model.TaskDefinitionView;
import dev.homeport.protocol.OperationRegistry;
import dev.homeport.protocol.RequestContext;
import dev.homeport.protocol.Validation;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * CreateService, UpdateService, DeleteService, DescribeServices, ListServices and ListServicesByNamespace, for
 * Fargate services with the rolling update ({@code ECS}) deployment controller. These calls record what the service
 * should be; the {@link ServiceScheduler} makes it so, and DescribeServices counts the tasks as they are.
 */
public final class ServiceOperations {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_-]{1,255}");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final List<String> PROPAGATE = List.of("TASK_DEFINITION", "SERVICE", "NONE");

    private final EcsRepository repository;
    private final ServiceStore store;
    private final ClusterOperations clusters;
    private final TaskDefinitionOperations taskDefinitions;
    private final TaskOperations tasks;
    private final EcsTagOperations tags;
    private final ServiceScheduler scheduler;
    private final Clock clock;

    ServiceOperations(EcsRepository repository, ServiceStore store, ClusterOperations clusters,
                      TaskDefinitionOperations taskDefinitions, TaskOperations tasks, EcsTagOperations tags,
                      ServiceScheduler scheduler, Clock clock) {
        this.repository = repository;
        this.store = store;
        this.clusters = clusters;
        this.taskDefinitions = taskDefinitions;
        this.tasks = tasks;
        this.tags = tags;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    void register(OperationRegistry registry) {
        registry.add("CreateService", CreateServiceRequest.class, EcsAccess.createService(taskDefinitions::find),
                this::createService);
        registry.add("UpdateService", UpdateServiceRequest.class, EcsAccess.updateService(taskDefinitions::find),
                this::updateService);
        registry.add("DeleteService", DeleteServiceRequest.class,
                EcsAccess.onService("DeleteService", DeleteServiceRequest::cluster, DeleteServiceRequest::service),
                this::deleteService);
        registry.add("DescribeServices", DescribeServicesRequest.class,
                EcsAccess.onServices("DescribeServices", DescribeServicesRequest::cluster,
                        DescribeServicesRequest::services),
                this::describeServices);
        registry.add("ListServices", ListServicesRequest.class,
                EcsAccess.onCluster("ListServices", ListServicesRequest::cluster), this::listServices);
        registry.add("ListServicesByNamespace", ListServicesByNamespaceRequest.class,
                (ctx, in) -> List.of(dev.homeport.protocol.Access.toAny("ecs:ListServicesByNamespace")),
                this::listServicesByNamespace);
    }

    // ---------------------------------------------------------------- CreateService

    CreateServiceResponse createService(RequestContext ctx, CreateServiceRequest in) {
        Validation.of().notNull("serviceName", in.serviceName())
                .oneOf("launchType", in.launchType(), List.of("EC2", "FARGATE", "EXTERNAL", "MANAGED_INSTANCES"))
                .oneOf("schedulingStrategy", in.schedulingStrategy(), List.of("REPLICA", "DAEMON"))
                .oneOf("propagateTags", in.propagateTags(), PROPAGATE).check();
        if (!NAME.matcher(in.serviceName()).matches()) {
            throw EcsErrors.serviceNameInvalid();
        }
        if (in.clientToken() != null && (in.clientToken().length() > 36
                || !TaskOperations.validClientToken(in.clientToken()))) {
            throw EcsErrors.serviceClientTokenInvalid();
        }
        Map<String, String> newTags = EcsTagOperations.validate(in.tags());
        ClusterRecord cluster = clusters.resolveForTasks(ctx, in.cluster());
        String arn = EcsArns.service(ctx.region(), ctx.accountId(), cluster.name(), in.serviceName());
        Optional<StoredService> existing = store.service(arn).filter(s -> s.service().status() != ServiceStatus.INACTIVE);
        if (existing.isPresent() && in.clientToken() != null && in.clientToken().equals(existing.get().clientToken())
                && existing.get().service().status() == ServiceStatus.ACTIVE) {
            // A retry of the call that created it (same clientToken): answered with the service, nothing created.
            return new CreateServiceResponse(render(existing.get().service(), null));
        }
        if (existing.isPresent()) {
            throw existing.get().service().status() == ServiceStatus.DRAINING
                    ? EcsErrors.serviceStillDraining() : EcsErrors.serviceNotIdempotent();
        }
        if ("DAEMON".equals(in.schedulingStrategy())) {
            throw EcsErrors.daemonNotOnFargate();
        }
        checkSupported(in.loadBalancers(), in.serviceRegistries(), in.deploymentController(),
                in.serviceConnectConfiguration(), in.vpcLatticeConfigurations());
        if (in.launchType() != null && in.capacityProviderStrategy() != null && !in.capacityProviderStrategy().isEmpty()) {
            throw EcsErrors.launchTypeAndCapacityProvider();
        }
        if (in.launchType() != null && !"FARGATE".equals(in.launchType())) {
            throw EcsErrors.noContainerInstances();
        }
        if (in.taskDefinition() == null) {
            throw EcsErrors.serviceTaskDefinitionRequired();
        }
        int desired = in.desiredCount() == null ? 0 : in.desiredCount();
        if (desired < 0) {
            throw EcsErrors.desiredCountNegative();
        }
        TaskDefinitionRecord td = usableTaskDefinition(ctx, in.taskDefinition());
        tasks.subnets(in.networkConfiguration());
        NetworkConfiguration network = normalized(in.networkConfiguration());
        DeploymentConfiguration deployment = deploymentConfiguration(DeploymentConfiguration.defaults(),
                in.deploymentConfiguration());
        if (in.healthCheckGracePeriodSeconds() != null && in.healthCheckGracePeriodSeconds() < 0) {
            throw EcsErrors.gracePeriodNegative();
        }

        Instant now = clock.instant();
        String platformVersion = in.platformVersion() == null ? "LATEST" : in.platformVersion();
        Deployment primary = newDeployment(td.arn(), desired, platformVersion, network, now);
        Service service = Service.builder()
                .serviceArn(arn)
                .serviceName(in.serviceName())
                .clusterArn(cluster.arn())
                .loadBalancers(EcsJson.MAPPER.createArrayNode())
                .serviceRegistries(EcsJson.MAPPER.createArrayNode())
                .status(ServiceStatus.ACTIVE)
                .desiredCount(desired)
                .launchType("FARGATE")
                .platformVersion(platformVersion)
                .platformFamily("Linux")
                .taskDefinition(td.arn())
                .deploymentConfiguration(deployment)
                .deployments(List.of(primary))
                .roleArn("arn:aws:iam::" + ctx.accountId() + ":role/aws-service-role/ecs.amazonaws.com/"
                        + "AWSServiceRoleForECS")
                .events(List.of())
                .createdAt(now)
                .placementConstraints(EcsJson.MAPPER.createArrayNode())
                .placementStrategy(EcsJson.MAPPER.createArrayNode())
                .networkConfiguration(network)
                .healthCheckGracePeriodSeconds(in.healthCheckGracePeriodSeconds() == null ? 0
                        : in.healthCheckGracePeriodSeconds())
                .schedulingStrategy("REPLICA")
                .deploymentController(EcsJson.MAPPER.createObjectNode().put("type", "ECS"))
                .createdBy(ctx.principal().arn())
                .enableECSManagedTags(Boolean.TRUE.equals(in.enableECSManagedTags()))
                .propagateTags(in.propagateTags() == null ? "NONE" : in.propagateTags())
                .enableExecuteCommand(Boolean.TRUE.equals(in.enableExecuteCommand()))
                .availabilityZoneRebalancing(in.availabilityZoneRebalancing() == null ? "DISABLED"
                        : in.availabilityZoneRebalancing())
                .build();
        Optional<StoredService> raced = store.create(new StoredService(service, 1, null, in.clientToken()));
        if (raced.isPresent()) {
            throw EcsErrors.serviceNotIdempotent();
        }
        if (!newTags.isEmpty()) {
            repository.tag(arn, newTags);
        }
        scheduler.wake();
        return new CreateServiceResponse(render(service, newTags.isEmpty() ? null : tags.tagList(arn)));
    }

    /** Load balancers, Cloud Map, Service Connect, VPC Lattice and other deployment controllers: not in Homeport. */
    private static void checkSupported(JsonNode loadBalancers, JsonNode registries, JsonNode controller,
                                       JsonNode serviceConnect, JsonNode lattice) {
        if (loadBalancers != null && !loadBalancers.isEmpty()) {
            throw EcsErrors.notSupported("loadBalancers");
        }
        if (registries != null && !registries.isEmpty()) {
            throw EcsErrors.notSupported("serviceRegistries");
        }
        if (serviceConnect != null && serviceConnect.path("enabled").asBoolean(false)) {
            throw EcsErrors.notSupported("serviceConnectConfiguration");
        }
        if (lattice != null && !lattice.isEmpty()) {
            throw EcsErrors.notSupported("vpcLatticeConfigurations");
        }
        if (controller != null && !"ECS".equals(controller.path("type").asText("ECS"))) {
            throw EcsErrors.notSupported("deploymentController " + controller.path("type").asText());
        }
    }

    private TaskDefinitionRecord usableTaskDefinition(RequestContext ctx, String identifier) {
        TaskDefinitionRecord td = taskDefinitions.find(ctx, identifier)
                .orElseThrow(() -> EcsErrors.unableToFindTaskDefinition(identifier));
        if (!"ACTIVE".equals(td.status())) {
            throw EcsErrors.taskDefinitionInactive();
        }
        TaskDefinitionView view = TaskDefinitionOperations.view(td.document());
        if (!TaskDefinitionOperations.fargateCompatible(view)) {
            throw EcsErrors.launchTypeNotSupported("FARGATE");
        }
        return td;
    }

    /** {@code given} over {@code current}, member by member, checked as a rolling deployment needs it. */
    private static DeploymentConfiguration deploymentConfiguration(DeploymentConfiguration current,
                                                                   DeploymentConfiguration given) {
        if (given == null) {
            return current;
        }
        DeploymentConfiguration merged = new DeploymentConfiguration(
                given.deploymentCircuitBreaker() != null ? new DeploymentConfiguration.DeploymentCircuitBreaker(
                        given.deploymentCircuitBreaker().enabled(), given.deploymentCircuitBreaker().rollsBack())
                        : current.deploymentCircuitBreaker(),
                given.maximumPercent() != null ? given.maximumPercent() : current.maximumPercent(),
                given.minimumHealthyPercent() != null ? given.minimumHealthyPercent() : current.minimumHealthyPercent(),
                given.alarms() != null ? given.alarms() : current.alarms());
        if (merged.maximumPercent() < 100) {
            throw EcsErrors.maximumPercentTooLow();
        }
        if (merged.minimumHealthyPercent() < 0 || merged.minimumHealthyPercent() > 100) {
            throw EcsErrors.minimumHealthyPercentOutOfRange();
        }
        return merged;
    }

    /** A network configuration as ECS reports it: {@code assignPublicIp} DISABLED unless given. */
    private static NetworkConfiguration normalized(NetworkConfiguration network) {
        if (network == null || network.awsvpcConfiguration() == null) {
            return network;
        }
        AwsVpcConfiguration vpc = network.awsvpcConfiguration();
        return new NetworkConfiguration(new AwsVpcConfiguration(vpc.subnets(),
                vpc.securityGroups() == null ? List.of() : vpc.securityGroups(),
                vpc.assignPublicIp() == null ? "DISABLED" : vpc.assignPublicIp()));
    }

    /** The same subnets and security groups in any order, and the same public IP setting: no new deployment. */
    private static boolean sameNetwork(NetworkConfiguration a, NetworkConfiguration b) {
        if (b == null || b.awsvpcConfiguration() == null) {
            return false;
        }
        AwsVpcConfiguration x = a.awsvpcConfiguration();
        AwsVpcConfiguration y = normalized(b).awsvpcConfiguration();
        return java.util.Set.copyOf(x.subnets()).equals(java.util.Set.copyOf(y.subnets()))
                && java.util.Set.copyOf(x.securityGroups()).equals(java.util.Set.copyOf(y.securityGroups()))
                && x.assignPublicIp().equals(y.assignPublicIp());
    }

    private Deployment newDeployment(String taskDefinition, int desired, String platformVersion,
                                     NetworkConfiguration network, Instant now) {
        String id = "ecs-svc/" + String.format("%019d", RANDOM.nextLong(1, Long.MAX_VALUE));
        return new Deployment(id, DeploymentStatus.PRIMARY, taskDefinition, desired, 0, 0, 0, now, now, "FARGATE",
                TaskOperations.platformVersion(platformVersion), "Linux", network, RolloutState.IN_PROGRESS,
                "ECS deployment " + id + " in progress.");
    }

    // ---------------------------------------------------------------- UpdateService

    UpdateServiceResponse updateService(RequestContext ctx, UpdateServiceRequest in) {
        Validation.of().notNull("service", in.service())
                .oneOf("propagateTags", in.propagateTags(), PROPAGATE).check();
        ClusterRecord cluster = clusters.requireActive(ctx, in.cluster());
        String arn = serviceArnOf(ctx, cluster, in.service());
        if (in.desiredCount() != null && in.desiredCount() < 0) {
            throw EcsErrors.desiredCountNegative();
        }
        checkSupported(in.loadBalancers(), in.serviceRegistries(), in.deploymentController(),
                in.serviceConnectConfiguration(), in.vpcLatticeConfigurations());
        TaskDefinitionRecord td = in.taskDefinition() == null ? null : usableTaskDefinition(ctx, in.taskDefinition());
        if (in.networkConfiguration() != null) {
            tasks.subnets(in.networkConfiguration());
        }
        if (in.healthCheckGracePeriodSeconds() != null && in.healthCheckGracePeriodSeconds() < 0) {
            throw EcsErrors.gracePeriodNegative();
        }
        Service updated = mutate(arn, s -> {
            if (s.status() != ServiceStatus.ACTIVE) {
                throw EcsErrors.serviceNotActive();
            }
            Instant now = clock.instant();
            DeploymentConfiguration config = deploymentConfiguration(s.deploymentConfiguration(),
                    in.deploymentConfiguration());
            int desired = in.desiredCount() != null ? in.desiredCount() : s.desiredCount();
            // ECS: a new task definition, network configuration or platform version, or forceNewDeployment, starts
            // a new deployment; the desired count, grace period and tag settings apply to the current one.
            NetworkConfiguration givenNetwork = normalized(in.networkConfiguration());
            boolean redeploy = td != null && !td.arn().equals(s.taskDefinition())
                    || givenNetwork != null && !sameNetwork(givenNetwork, s.networkConfiguration())
                    || in.platformVersion() != null && !in.platformVersion().equals(s.platformVersion())
                    || Boolean.TRUE.equals(in.forceNewDeployment());
            String taskDefinition = td != null ? td.arn() : s.taskDefinition();
            NetworkConfiguration network = givenNetwork != null ? givenNetwork : s.networkConfiguration();
            String platformVersion = in.platformVersion() != null ? in.platformVersion() : s.platformVersion();
            List<Deployment> deployments = new ArrayList<>();
            if (redeploy) {
                deployments.add(newDeployment(taskDefinition, desired, platformVersion, network, now));
                for (Deployment d : s.deployments()) {
                    deployments.add(d.status() == DeploymentStatus.PRIMARY ? d.withStatus(DeploymentStatus.ACTIVE, now)
                            : d);
                }
            } else {
                for (Deployment d : s.deployments()) {
                    deployments.add(d.status() == DeploymentStatus.PRIMARY && d.desiredCount() != desired
                            ? d.withDesiredCount(desired, now) : d);
                }
            }
            return s.with(b -> b.desiredCount(desired).taskDefinition(taskDefinition).networkConfiguration(network)
                    .platformVersion(platformVersion).deploymentConfiguration(config).deployments(deployments)
                    .healthCheckGracePeriodSeconds(in.healthCheckGracePeriodSeconds() != null
                            ? in.healthCheckGracePeriodSeconds() : s.healthCheckGracePeriodSeconds())
                    .propagateTags(in.propagateTags() != null ? in.propagateTags() : s.propagateTags())
                    .enableECSManagedTags(in.enableECSManagedTags() != null ? in.enableECSManagedTags()
                            : s.enableECSManagedTags())
                    .enableExecuteCommand(in.enableExecuteCommand() != null ? in.enableExecuteCommand()
                            : s.enableExecuteCommand()));
        });
        scheduler.wake();
        return new UpdateServiceResponse(render(updated, null));
    }

    /**
     * Applies {@code change} to the stored service, reading it again when the scheduler wrote in between; the
     * change may throw ECS's error, which leaves the service as it was.
     */
    private Service mutate(String arn, UnaryOperator<Service> change) {
        for (int attempt = 0; attempt < 100; attempt++) {
            StoredService stored = store.service(arn).orElseThrow(EcsErrors::serviceNotFound);
            Service next = change.apply(stored.service());
            if (store.update(stored.with(next))) {
                return next;
            }
        }
        throw EcsErrors.server();
    }

    // ---------------------------------------------------------------- DeleteService

    DeleteServiceResponse deleteService(RequestContext ctx, DeleteServiceRequest in) {
        Validation.of().notNull("service", in.service()).check();
        ClusterRecord cluster = clusters.requireActive(ctx, in.cluster());
        String arn = serviceArnOf(ctx, cluster, in.service());
        boolean force = Boolean.TRUE.equals(in.force());
        Service deleted = mutate(arn, s -> {
            if (s.status() == ServiceStatus.INACTIVE) {
                throw EcsErrors.serviceNotFound();
            }
            if (s.status() == ServiceStatus.DRAINING) {
                return s;
            }
            if (s.desiredCount() > 0 && !force) {
                throw EcsErrors.serviceScaledAboveZero();
            }
            // DRAINING: the scheduler stops every task, then marks the service INACTIVE.
            Instant now = clock.instant();
            List<Deployment> deployments = s.deployments().stream().map(d -> d.withDesiredCount(0, now)).toList();
            return s.with(b -> b.status(ServiceStatus.DRAINING).desiredCount(0).deployments(deployments));
        });
        scheduler.wake();
        return new DeleteServiceResponse(render(deleted, null));
    }

    // ---------------------------------------------------------------- DescribeServices, ListServices

    DescribeServicesResponse describeServices(RequestContext ctx, DescribeServicesRequest in) {
        if (in.services() == null || in.services().isEmpty()) {
            throw EcsErrors.servicesEmpty();
        }
        if (in.services().size() > 10) {
            throw EcsErrors.tooManyServices();
        }
        ClusterRecord cluster = clusters.requireActive(ctx, in.cluster());
        boolean withTags = in.include() != null && in.include().contains("TAGS");
        Map<String, String> arns = new LinkedHashMap<>();
        for (String id : in.services()) {
            arns.putIfAbsent(serviceArnOf(ctx, cluster, id), id);
        }
        List<Service> services = new ArrayList<>();
        List<Failure> failures = new ArrayList<>();
        for (String arn : arns.keySet()) {
            Optional<StoredService> s = store.service(arn);
            if (s.isEmpty()) {
                failures.add(new Failure(arn, "MISSING", null));
            } else {
                services.add(render(s.get().service(), withTags ? tags.tagList(arn) : null));
            }
        }
        return new DescribeServicesResponse(services, failures);
    }

    ListServicesResponse listServices(RequestContext ctx, ListServicesRequest in) {
        Validation.of().oneOf("launchType", in.launchType(), List.of("EC2", "FARGATE", "EXTERNAL", "MANAGED_INSTANCES"))
                .oneOf("schedulingStrategy", in.schedulingStrategy(), List.of("REPLICA", "DAEMON")).check();
        ClusterRecord cluster = clusters.requireActive(ctx, in.cluster());
        int size = EcsPageTokens.pageSize(in.maxResults(), 10);
        String after = EcsPageTokens.decode(in.nextToken());
        List<String> arns = new ArrayList<>();
        String next = null;
        // Every Homeport service is a Fargate REPLICA service: a filter for anything else matches none.
        boolean matches = (in.launchType() == null || "FARGATE".equals(in.launchType()))
                && (in.schedulingStrategy() == null || "REPLICA".equals(in.schedulingStrategy()));
        if (matches) {
            // ListServices lists ACTIVE services only: a DRAINING one is "no longer visible" there.
            List<StoredService> page = store.list(cluster.arn(), after, size + 1);
            for (StoredService s : page.subList(0, Math.min(size, page.size()))) {
                arns.add(s.service().serviceArn());
            }
            if (page.size() > size) {
                next = EcsPageTokens.encode(arns.getLast());
            }
        }
        return new ListServicesResponse(arns, next);
    }

    /** Services are in a Service Connect namespace only through Service Connect, which Homeport does not have. */
    ListServicesByNamespaceResponse listServicesByNamespace(RequestContext ctx, ListServicesByNamespaceRequest in) {
        Validation.of().notNull("namespace", in.namespace()).check();
        return new ListServicesByNamespaceResponse(List.of(), null);
    }

    /** The service as DescribeServices shows it now: each deployment's tasks and the service's counted. */
    Service render(Service s, List<dev.homeport.ecs.model.Tag> withTags) {
        ServiceTasks counted = ServiceTasks.of(repository, s);
        List<Deployment> deployments = s.deployments().stream()
                .map(d -> d.withCounts(counted.pending(d), counted.running(d))).toList();
        return s.with(b -> b.deployments(deployments).runningCount(counted.running())
                .pendingCount(counted.pending()).tags(withTags));
    }

    /** The ARN of a service given by name or ARN in {@code cluster}; ECS's error when it is not one of ours. */
    static String serviceArnOf(RequestContext ctx, ClusterRecord cluster, String identifier) {
        if (identifier.startsWith("arn:")) {
            EcsArns.Parsed p = EcsArns.parse(identifier);
            if (p == null || !"service".equals(p.type()) || !p.region().equals(ctx.region())
                    || !p.account().equals(ctx.accountId())) {
                throw EcsErrors.invalidArn();
            }
            // The long form names the cluster (service/<cluster>/<name>); the old short form does not.
            String name = p.id().substring(p.id().lastIndexOf('/') + 1);
            return EcsArns.service(ctx.region(), ctx.accountId(), cluster.name(), name);
        }
        return EcsArns.service(ctx.region(), ctx.accountId(), cluster.name(), identifier);
    }
}
