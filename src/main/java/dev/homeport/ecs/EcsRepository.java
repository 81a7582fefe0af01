package dev.homeport.ecs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homeport.ecs.model.ClusterSetting;
import dev.homeport.ecs.model.Task;
import dev.homeport.ecs.model.TaskStatus;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where ECS keeps clusters, task definitions, tasks and tags.
 *
 * <p>Contract, for every implementation:
 * <ul>
 *   <li>Thread-safe. Each method is atomic; the supervisor and API threads call concurrently.</li>
 *   <li>Lookups of something missing return {@link Optional#empty()} or an empty list, never throw.</li>
 *   <li>Objects returned are copies: mutating them changes nothing until passed back to an update.</li>
 *   <li>Timestamps are kept to the millisecond, as the API shows them.</li>
 *   <li>Resources are keyed by ARN, which carries the region and account; lists are scoped by both.</li>
 *   <li>No secret value ever reaches the repository: tasks hold only {@code valueFrom} references
 *       (in their task definition), never resolved values.</li>
 * </ul>
 */
public interface EcsRepository {

    // --- clusters -----------------------------------------------------------------------------

    /** A cluster row. {@code status} is ACTIVE or INACTIVE (deleted clusters stay describable). */
    /**
     * {@code capacityJson}: the capacityProviders, defaultCapacityProviderStrategy and serviceConnectDefaults
     * CreateCluster was given, as a JSON object; null when none was.
     */
    record ClusterRecord(String arn, String region, String account, String name, String status,
                         List<ClusterSetting> settings, String configurationJson, String capacityJson,
                         Instant createdAt) {

        ClusterRecord withStatus(String newStatus) {
            return new ClusterRecord(arn, region, account, name, newStatus, settings, configurationJson, capacityJson,
                    createdAt);
        }
    }

    Optional<ClusterRecord> cluster(String arn);

    /**
     * Stores {@code cluster} unless an ACTIVE cluster with its ARN exists, in which case that one is
     * returned unchanged (CreateCluster is idempotent). An INACTIVE cluster is replaced.
     */
    ClusterRecord createCluster(ClusterRecord cluster);

    void updateCluster(ClusterRecord cluster);

    /** ACTIVE clusters of one account and region, ordered by ARN, after {@code afterArn} (exclusive, may be null). */
    List<ClusterRecord> listClusters(String region, String account, String afterArn, int limit);

    // --- task definitions --------------------------------------------------------------------

    /**
     * A task definition revision. {@code document} is the TaskDefinition exactly as DescribeTaskDefinition
     * returns it (the registered members plus arn, revision, status, timestamps), without tags.
     */
    record TaskDefinitionRecord(String arn, String region, String account, String family, int revision,
                                String status, ObjectNode document) {
        /** Where the revision sorts in {@link #listTaskDefinitions}: family, then revision; a page token. */
        public String sortKey() {
            return family + "\u0000" + String.format("%010d", revision);
        }
    }

    /**
     * Allocates the next revision of {@code family} (revisions are never reused, even after deletion)
     * and stores what {@code build} makes of it, atomically.
     */
    TaskDefinitionRecord registerTaskDefinition(String region, String account, String family,
                                                java.util.function.IntFunction<TaskDefinitionRecord> build);

    Optional<TaskDefinitionRecord> taskDefinition(String arn);

    /** The highest ACTIVE revision of the family. */
    Optional<TaskDefinitionRecord> latestActiveTaskDefinition(String region, String account, String family);

    void updateTaskDefinition(TaskDefinitionRecord record);

    /**
     * Revisions ordered by family then revision ({@code descending} reverses both), filtered by
     * family (the whole name, as ListTaskDefinitions' {@code familyPrefix} is; null for all) and status (null for all). {@code afterArn}: the last ARN of the
     * previous page, in the same order.
     */
    List<TaskDefinitionRecord> listTaskDefinitions(String region, String account, String family, String status,
                                                   boolean descending, String afterKey, int limit);

    /**
     * Family names in order, after {@code afterFamily}. {@code status}: ACTIVE (has an ACTIVE revision),
     * INACTIVE (has revisions, none ACTIVE) or ALL.
     */
    List<String> listFamilies(String region, String account, String familyPrefix, String status,
                              String afterFamily, int limit);

    // --- tasks ----------------------------------------------------------------------------------

    /** Stores new tasks (their ARNs are new). */
    void insertTasks(List<Task> tasks);

    Optional<Task> task(String arn);

    /** The tasks among {@code arns} that exist, in no particular order. */
    List<Task> tasks(Collection<String> arns);

    /** Replaces a task's document; the task must exist. */
    void updateTask(Task task);

    /** A ListTasks query; null members don't filter. {@code group}: a service's tasks are in "service:<name>". */
    record TaskQuery(String clusterArn, String family, String startedBy, TaskStatus desiredStatus,
                     String launchType, String group) {
    }

    /** An entry of a task listing: {@code seq} orders tasks by creation and makes page tokens. */
    record TaskRef(long seq, String arn) {
    }

    /** Tasks matching {@code query} in creation order, with {@code seq > afterSeq}. */
    List<TaskRef> listTasks(TaskQuery query, long afterSeq, int limit);

    /**
     * A RunTask {@code clientToken}, scoped to the cluster the call ran in. {@code fingerprint} identifies
     * the call's other parameters; {@code createdAt} is when the first call with the token was accepted.
     */
    record ClientToken(String clusterArn, String token, String fingerprint, Instant createdAt) {
    }

    /** A recorded client token and the tasks its first call started that still exist, in creation order. */
    record ClientTokenRun(ClientToken token, List<Task> tasks) {
    }

    /**
     * The live record of a client token: created at or after {@code notBefore} and with at least one of its
     * tasks still recorded. A token whose tasks have all been purged has nothing left to answer with, so it
     * counts as expired.
     */
    Optional<ClientTokenRun> clientToken(String clusterArn, String token, Instant notBefore);

    /**
     * Stores new tasks started by a RunTask with {@code token}, atomically with the token, unless a live
     * record of the token exists (see {@link #clientToken}): then nothing is stored and that record is
     * returned. A record of the token that is no longer live is replaced, and its old tasks forget it.
     *
     * @return empty when the tasks were stored
     */
    Optional<ClientTokenRun> insertTasks(List<Task> tasks, ClientToken token, Instant notBefore);

    /**
     * Deletes the tasks that reached STOPPED before {@code stoppedBefore}, with their tags.
     *
     * @return the ARNs of the tasks deleted
     */
    List<String> purgeStoppedTasks(Instant stoppedBefore);

    /**
     * Deletes client tokens created before {@code createdBefore} and those none of whose tasks is recorded.
     *
     * @return how many were deleted
     */
    int purgeClientTokens(Instant createdBefore);

    /**
     * The tasks of a group of a cluster (a service's: {@code service:<name>}), stopped ones included until they are
     * purged, in creation order.
     */
    List<Task> groupTasks(String clusterArn, String group);

    /** Every task whose lastStatus is not STOPPED, in every account: what the supervisor must look after. */
    List<Task> unstoppedTasks();

    /** Number of tasks of a cluster per lastStatus, STOPPED excluded. */
    Map<TaskStatus, Integer> countActiveTasksByStatus(String clusterArn);

    // --- tags -------------------------------------------------------------------------------------

    /** Tags of a resource in insertion order; empty when none (or no such resource). */
    Map<String, String> tags(String resourceArn);

    /**
     * The tags {@code aws:ResourceTag} conditions see for a resource ARN as ECS's permissions name it: a task
     * definition named by its family alone ({@code task-definition/<family>:*}, as RunTask and DescribeTaskDefinition
     * may name it) is its latest active revision, the one the call uses.
     */
    default Map<String, String> resourceTags(String resourceArn) {
        EcsArns.Parsed p = EcsArns.parse(resourceArn);
        if (p != null && p.type().equals("task-definition") && p.id().endsWith(":*")) {
            return latestActiveTaskDefinition(p.region(), p.account(), p.id().substring(0, p.id().length() - 2))
                    .map(td -> tags(td.arn())).orElse(Map.of());
        }
        return tags(resourceArn);
    }

    /** Adds or replaces tags. */
    void tag(String resourceArn, Map<String, String> tags);

    void untag(String resourceArn, Collection<String> keys);
}
