package dev.homeport.ecs;

import dev.homeport.protocol.AwsServiceException;

/**
 * Every error the ECS API answers, with AWS's wording. Handlers throw these; they never format
 * messages themselves. ECS reports most caller mistakes as {@code ClientException} or
 * {@code InvalidParameterException}, both HTTP 400.
 */
public final class EcsErrors {
    public static final String CLIENT = "ClientException";
    public static final String INVALID_PARAMETER = "InvalidParameterException";

    private EcsErrors() {
    }

    public static AwsServiceException client(String message) {
        return new AwsServiceException(CLIENT, 400, message);
    }

    public static AwsServiceException invalidParameter(String message) {
        return new AwsServiceException(INVALID_PARAMETER, 400, message);
    }

    public static AwsServiceException server() {
        return new AwsServiceException("ServerException", 500, "Service Unavailable. Please try again later.");
    }

    // --- clusters ---------------------------------------------------------------------------

    public static AwsServiceException clusterNotFound() {
        return new AwsServiceException("ClusterNotFoundException", 400, "Cluster not found.");
    }

    public static AwsServiceException clusterContainsTasks() {
        return new AwsServiceException("ClusterContainsTasksException", 400,
                "The Cluster cannot be deleted while Tasks are active.");
    }

    public static AwsServiceException clusterContainsServices() {
        return new AwsServiceException("ClusterContainsServicesException", 400,
                "The Cluster cannot be deleted while Services are active.");
    }

    public static AwsServiceException clusterNameInvalid() {
        return invalidParameter("Cluster name can only contain letters, numbers, hyphens and underscores, "
                + "and be up to 255 characters long.");
    }

    // --- task definitions ---------------------------------------------------------------------

    /** DescribeTaskDefinition of a family or revision that does not exist. */
    public static AwsServiceException unableToDescribeTaskDefinition() {
        return client("Unable to describe task definition.");
    }

    /** RunTask naming a task definition that does not exist. */
    public static AwsServiceException unableToFindTaskDefinition(String identifier) {
        return client("Unable to find task definition '" + identifier + "'");
    }

    public static AwsServiceException taskDefinitionDoesNotExist() {
        return client("The specified task definition does not exist.");
    }

    public static AwsServiceException taskDefinitionInactive() {
        return client("TaskDefinition is inactive");
    }

    public static AwsServiceException familyInvalid() {
        return client("Family contains invalid characters or is too long. Up to 255 letters (uppercase and "
                + "lowercase), numbers, hyphens, and underscores are allowed.");
    }

    public static AwsServiceException containerListEmpty() {
        return client("Container list cannot be empty.");
    }

    public static AwsServiceException containerNameMissing() {
        return client("Container.name should not be null or empty.");
    }

    public static AwsServiceException containerImageMissing() {
        return client("Container.image should not be null or empty.");
    }

    public static AwsServiceException duplicateContainerName(String name) {
        return client("Container names must be unique in a task definition. Duplicate name: " + name);
    }

    public static AwsServiceException awslogsNeedExecutionRole() {
        return client("Fargate requires task definition to have execution role ARN to support log driver awslogs.");
    }

    public static AwsServiceException secretsNeedExecutionRole() {
        return client("When you are specifying container secrets, you must also specify a value for 'executionRoleArn'.");
    }

    public static AwsServiceException fargateNetworkMode() {
        return client("Fargate only supports network mode \u2018awsvpc\u2019.");
    }

    public static AwsServiceException fargateRequiresTaskCpu() {
        return client("Fargate requires that 'cpu' be defined at the task level.");
    }

    public static AwsServiceException fargateRequiresTaskMemory() {
        return client("Fargate requires that 'memory' be defined at the task level.");
    }

    public static AwsServiceException noFargateConfiguration(String cpu, String memory) {
        return client("No Fargate configuration exists for given values: " + cpu + " CPU, " + memory
                + " memory. See the Amazon ECS documentation for the valid values.");
    }

    public static AwsServiceException invalidTaskCpu() {
        return client("Invalid 'cpu' setting for task.");
    }

    public static AwsServiceException invalidTaskMemory() {
        return client("Invalid 'memory' setting for task.");
    }

    public static AwsServiceException containerMemoryExceedsTask(String container) {
        return client("The 'memory' setting for container '" + container + "' is greater than for the task.");
    }

    public static AwsServiceException containerCpuExceedsTask(String container) {
        return client("The 'cpu' setting for container '" + container + "' is greater than for the task.");
    }

    /** Fargate shares a PID namespace only among the task's own containers (AWS: "The supported value ... is 'task'"). */
    public static AwsServiceException fargatePidMode(String pidMode) {
        return client("Tasks using the Fargate launch type do not support pidMode '" + pidMode
                + "'. The supported value for pidMode is 'task'.");
    }

    public static AwsServiceException fargateIpcMode() {
        return client("Tasks using the Fargate launch type do not support ipcMode.");
    }

    public static AwsServiceException fargateStopTimeout() {
        return client("Invalid 'stopTimeout' setting for container. Fargate supports a maximum of 120 seconds.");
    }

    public static AwsServiceException dependsOnUnknownContainer(String container, String dependency) {
        return client("Container '" + container + "' depends on container '" + dependency
                + "', which is not defined in the task definition.");
    }

    public static AwsServiceException deleteActiveTaskDefinition() {
        return client("The specified task definition is still in ACTIVE status. Please deregister the target and try again.");
    }

    // --- tasks ----------------------------------------------------------------------------------

    public static AwsServiceException taskNotFound() {
        return invalidParameter("The referenced task was not found.");
    }

    public static AwsServiceException tasksEmpty() {
        return invalidParameter("Tasks cannot be empty.");
    }

    public static AwsServiceException tooManyTasks() {
        return invalidParameter("Tasks cannot contain more than 100 entries.");
    }

    public static AwsServiceException networkConfigurationRequired() {
        return invalidParameter("Network Configuration must be provided when networkMode 'awsvpc' is specified.");
    }

    public static AwsServiceException networkConfigurationNotValid() {
        return invalidParameter("Network Configuration is not valid for the given networkMode of this task definition.");
    }

    /** ECS's wording when EC2 doesn't know a subnet of RunTask's awsvpcConfiguration. */
    public static AwsServiceException subnetNotFound(String subnetId) {
        return invalidParameter("Error retrieving subnet information for [" + subnetId + "]: The subnet ID '"
                + subnetId + "' does not exist (ErrorCode: InvalidSubnetID.NotFound)");
    }

    /** The same for a security group (EC2's InvalidGroup.NotFound wording). */
    public static AwsServiceException securityGroupNotFound(String groupId) {
        return invalidParameter("Error retrieving security group information for [" + groupId
                + "]: The security group '" + groupId + "' does not exist (ErrorCode: InvalidGroup.NotFound)");
    }

    public static AwsServiceException subnetsEmpty() {
        return invalidParameter("subnets can not be empty.");
    }

    public static AwsServiceException launchTypeNotSupported(String launchType) {
        return invalidParameter("Task definition does not support launch_type " + launchType + ".");
    }

    public static AwsServiceException noContainerInstances() {
        return invalidParameter("No Container Instances were found in your cluster.");
    }

    public static AwsServiceException launchTypeAndCapacityProvider() {
        return invalidParameter("Specifying both a launch type and capacity provider strategy is not supported. "
                + "Remove one and try again.");
    }

    public static AwsServiceException countOutOfRange() {
        return invalidParameter("count must be between 1 and 10.");
    }

    public static AwsServiceException overrideForUnknownContainer(String name) {
        return invalidParameter("Override for container named " + name + " is not a container in the TaskDefinition.");
    }

    public static AwsServiceException startedByTooLong() {
        return invalidParameter("startedBy must be 128 characters or less.");
    }

    /**
     * RunTask repeating a clientToken with different parameters. The type, HTTP status and the
     * {@code resourceIds} member (the tasks already started with the token) are ECS's, from its service
     * model; the message is ours, as AWS's wording is not documented.
     */
    public static AwsServiceException clientTokenConflict(java.util.List<String> taskArns) {
        return new AwsServiceException("ConflictException", 400,
                "The clientToken is already in use with a different RunTask request.",
                java.util.Map.of("resourceIds", taskArns));
    }

    /** A clientToken outside ECS's documented limits (up to 64 characters in the ASCII range 33-126). */
    public static AwsServiceException clientTokenInvalid() {
        return invalidParameter("clientToken must be 1 to 64 ASCII characters in the range 33-126.");
    }

    // --- services -------------------------------------------------------------------------------

    public static AwsServiceException serviceNotFound() {
        return new AwsServiceException("ServiceNotFoundException", 400, "Service not found.");
    }

    public static AwsServiceException serviceNotActive() {
        return new AwsServiceException("ServiceNotActiveException", 400, "Service was not ACTIVE.");
    }

    public static AwsServiceException serviceNotIdempotent() {
        return invalidParameter("Creation of service was not idempotent.");
    }

    public static AwsServiceException serviceStillDraining() {
        return invalidParameter("Unable to Start a service that is still Draining.");
    }

    public static AwsServiceException serviceScaledAboveZero() {
        return invalidParameter("The service cannot be stopped while it is scaled above 0.");
    }

    public static AwsServiceException servicesEmpty() {
        return invalidParameter("Services cannot be empty.");
    }

    public static AwsServiceException tooManyServices() {
        return invalidParameter("service names can have at most 10 items.");
    }

    /** The model's rule for a service name (up to 255 letters, digits, hyphens and underscores); wording ours. */
    public static AwsServiceException serviceNameInvalid() {
        return invalidParameter("Service name can only contain letters, numbers, hyphens and underscores, "
                + "up to 255 characters.");
    }

    /** CreateService's clientToken: up to 36 ASCII characters in the range 33-126 (the model); wording ours. */
    public static AwsServiceException serviceClientTokenInvalid() {
        return invalidParameter("clientToken must be 1 to 36 ASCII characters in the range 33-126.");
    }

    public static AwsServiceException serviceTaskDefinitionRequired() {
        return invalidParameter("TaskDefinition must be specified when using the ECS deployment controller.");
    }

    public static AwsServiceException desiredCountNegative() {
        return invalidParameter("desiredCount must be greater than or equal to 0.");
    }

    public static AwsServiceException gracePeriodNegative() {
        return invalidParameter("healthCheckGracePeriodSeconds must be greater than or equal to 0.");
    }

    public static AwsServiceException maximumPercentTooLow() {
        return invalidParameter("maximumPercent must be at least 100 for a service using the REPLICA scheduling "
                + "strategy.");
    }

    public static AwsServiceException minimumHealthyPercentOutOfRange() {
        return invalidParameter("minimumHealthyPercent must be between 0 and 100.");
    }

    public static AwsServiceException daemonNotOnFargate() {
        return invalidParameter("The DAEMON scheduling strategy is not supported with the FARGATE launch type.");
    }

    /** A service feature that needs infrastructure Homeport does not have (load balancers, Cloud Map, ...). */
    public static AwsServiceException notSupported(String feature) {
        return invalidParameter(feature + " is not supported by Homeport.");
    }

    // --- tags and identifiers -------------------------------------------------------------------

    public static AwsServiceException invalidArn() {
        return invalidParameter("The ARN provided is invalid.");
    }

    public static AwsServiceException invalidIdentifier(String what) {
        return invalidParameter(what + " Identifier is invalid");
    }

    public static AwsServiceException invalidNextToken() {
        return invalidParameter("Invalid nextToken.");
    }

    public static AwsServiceException maxResultsOutOfRange() {
        return invalidParameter("maxResults must be between 1 and 100.");
    }

    public static AwsServiceException reservedTagPrefix() {
        return invalidParameter("Tag keys with the prefix 'aws:' are reserved for use by AWS.");
    }

    public static AwsServiceException tooManyTags() {
        return invalidParameter("A resource can have a maximum of 50 tags.");
    }
}
