package dev.homeport.ecs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homeport.protocol.HttpRoute;
import dev.homeport.sts.ServiceRoles;

import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Task-role credentials, served as the ECS agent serves them ("Task IAM role"): a container's SDK fetches
 * {@code GET <endpoint>/v2/credentials/<id>} and gets {@code RoleArn}, {@code AccessKeyId}, {@code SecretAccessKey},
 * {@code Token} and {@code Expiration}: temporary credentials of an STS session of the task's role, named after the
 * task id ({@code assumed-role/<role>/<task-id>}), which ECS assumes as {@code ecs-tasks.amazonaws.com}.
 *
 * <p>A session lasts an hour; a fetch in its last 15 minutes gets a new one (SDKs fetch again before the expiration
 * they were told), as ECS rotates them before they expire. When the task stops its sessions are revoked: their
 * keys stop working at once, and its id is answered as unknown.
 *
 * <p>The id is the task id and a MAC of it ({@link EndpointKey}), so only the task it was given to can name it, and
 * it survives a restart of Homeport with the task. On Homeport's own server (for {@code
 * AWS_CONTAINER_CREDENTIALS_FULL_URI}) a fetch must also carry the task's {@code AWS_CONTAINER_AUTHORIZATION_TOKEN}
 * in {@code Authorization}, as the SDKs send it.
 */
public final class TaskRoleCredentials {
    /** The agent's path, under {@code http://169.254.170.2}: {@code AWS_CONTAINER_CREDENTIALS_RELATIVE_URI}. */
    public static final String RELATIVE_PATH = "/v2/credentials/";
    /** The same endpoint on Homeport's own server, for {@code AWS_CONTAINER_CREDENTIALS_FULL_URI}. */
    public static final String PATH = TaskMetadata.PATH + "v2/credentials/";
    static final int SESSION_SECONDS = 3600;
    static final Duration REFRESH_BEFORE_EXPIRY = Duration.ofMinutes(15);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The agent's answer for an id it has no credentials for (a stopped or unknown task). */
    private static final String NOT_FOUND = "{\"code\":\"InvalidIdInRequest\",\"message\":\"CredentialsV2Request: "
            + "Credentials not found\",\"HTTPErrorCode\":400}";

    private final Function<String, Optional<TaskMetadata.LiveTask>> liveTasks;
    private final ServiceRoles roles;
    private final Clock clock;
    private final EndpointKey key;
    /** The session a task's fetches get now, by task ARN. */
    private final Map<String, ServiceRoles.Session> current = new ConcurrentHashMap<>();

    /**
     * @param liveTasks a running task by its id; empty when unknown or STOPPED
     * @param endpointKey the key of the task endpoints' ids (the metadata endpoint's)
     */
    public TaskRoleCredentials(Function<String, Optional<TaskMetadata.LiveTask>> liveTasks, ServiceRoles roles,
                               Clock clock, byte[] endpointKey) {
        this.liveTasks = liveTasks;
        this.roles = roles;
        this.clock = clock;
        this.key = new EndpointKey(endpointKey);
    }

    /** {@code AWS_CONTAINER_CREDENTIALS_RELATIVE_URI} for a task. */
    public String relativeUri(String taskId) {
        return RELATIVE_PATH + id(taskId);
    }

    /** {@code AWS_CONTAINER_CREDENTIALS_FULL_URI} for a task that reaches Homeport at {@code base}. */
    public String fullUri(String base, String taskId) {
        return base + PATH + id(taskId);
    }

    /** {@code AWS_CONTAINER_AUTHORIZATION_TOKEN}: what a fetch through the full URI must carry. */
    public String authorizationToken(String taskId) {
        return key.mac("credentials-token:" + taskId);
    }

    /** The route on Homeport's own server. Registered before the runner exists: 404 while there is none. */
    public static List<HttpRoute> routes(Supplier<TaskRoleCredentials> endpoint) {
        return List.of(new HttpRoute(HttpRoute.Method.GET, PATH + "{id}", request -> {
            TaskRoleCredentials credentials = endpoint.get();
            return credentials == null ? HttpRoute.Reply.notFound()
                    : credentials.fetch(request.path("id"), request.header("Authorization"));
        }));
    }

    /**
     * The route at the agent's address, which only tasks reach. {@code AWS_CONTAINER_CREDENTIALS_RELATIVE_URI} has no
     * token, so the id names the task, and the request must come from that task: on Fargate each task has an agent
     * address of its own; here tasks share one, and a task that learnt another's path must not get its role.
     *
     * @param clientAddress the address a task's requests come from, by task id (empty: the task is gone)
     */
    public HttpRoute agentRoute(Function<String, Optional<String>> clientAddress) {
        return new HttpRoute(HttpRoute.Method.GET, RELATIVE_PATH + "{id}", request -> task(request.path("id"))
                .filter(live -> clientAddress.apply(taskId(live)).filter(request.remoteAddress()::equals).isPresent())
                .map(this::answer).orElseGet(TaskRoleCredentials::notFound));
    }

    /**
     * A fetch through the full URI: the id must be a running task's with a task role, and {@code authorization} its
     * token.
     */
    public HttpRoute.Reply fetch(String id, String authorization) {
        return task(id).filter(live -> key.matches(authorization, "credentials-token:" + taskId(live)))
                .map(this::answer).orElseGet(TaskRoleCredentials::notFound);
    }

    /** The task's sessions end now: they were handed to its containers only. Called when the task stops. */
    public void revoke(String taskArn, String roleArn) {
        current.remove(taskArn);
        roles.revoke(roleArn, EcsArns.parse(taskArn).account(), taskArn.substring(taskArn.lastIndexOf('/') + 1));
    }

    /** The running task with a task role an id names. */
    private Optional<TaskMetadata.LiveTask> task(String id) {
        int dash = id.lastIndexOf('-');
        if (dash <= 0) {
            return Optional.empty();
        }
        String taskId = id.substring(0, dash);
        if (!key.matches(id.substring(dash + 1), "credentials:" + taskId)) {
            return Optional.empty();
        }
        return liveTasks.apply(taskId).filter(live -> live.taskRoleArn() != null);
    }

    private HttpRoute.Reply answer(TaskMetadata.LiveTask live) {
        String taskArn = live.task().taskArn();
        ServiceRoles.Session session = current.compute(taskArn, (arn, now) -> now != null
                && now.credentials().expiration().isAfter(clock.instant().plus(REFRESH_BEFORE_EXPIRY)) ? now
                : roles.assume(ServiceRoles.ECS_TASKS, live.taskRoleArn(), new ServiceRoles.Source(
                        EcsArns.parse(arn).account(), arn), taskId(live), SESSION_SECONDS).orElse(null));
        if (session == null) {
            return notFound(); // the role was deleted, or stopped trusting ECS, since RunTask
        }
        ObjectNode o = JSON.createObjectNode();
        o.put("RoleArn", session.roleArn());
        o.put("AccessKeyId", session.credentials().accessKeyId());
        o.put("SecretAccessKey", session.credentials().secretAccessKey());
        o.put("Token", session.credentials().sessionToken());
        o.put("Expiration", DateTimeFormatter.ISO_INSTANT.format(session.credentials().expiration()));
        return HttpRoute.Reply.json(200, o.toString());
    }

    private static String taskId(TaskMetadata.LiveTask live) {
        String arn = live.task().taskArn();
        return arn.substring(arn.lastIndexOf('/') + 1);
    }

    private String id(String taskId) {
        return taskId + "-" + key.mac("credentials:" + taskId);
    }

    private static HttpRoute.Reply notFound() {
        return HttpRoute.Reply.json(400, NOT_FOUND);
    }
}
