package dev.homeport.ecs;

import dev.homeport.ecs.model.EcsJson;
import dev.homeport.ecs.model.Task;
import dev.homeport.ecs.model.TaskStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.IntFunction;

/** An {@link EcsRepository} in memory, for tests and for running without a store. One lock guards all. */
public final class InMemoryEcsRepository implements EcsRepository {
    private final TreeMap<String, ClusterRecord> clusters = new TreeMap<>();
    private final TreeMap<String, TaskDefinitionRecord> taskDefinitions = new TreeMap<>();
    private final Map<String, Integer> lastRevision = new HashMap<>();
    private final Map<String, byte[]> tasks = new HashMap<>();
    private final Map<String, Long> taskSeq = new HashMap<>();
    private final TreeMap<Long, String> tasksBySeq = new TreeMap<>();
    private final Map<String, LinkedHashMap<String, String>> tags = new HashMap<>();
    /** Client tokens by cluster ARN + NUL + token, with the ARNs of the tasks the first call started. */
    private final Map<String, TokenEntry> clientTokens = new HashMap<>();
    private long nextSeq = 1;

    private record TokenEntry(ClientToken token, List<String> taskArns) {
    }

    @Override
    public synchronized Optional<ClusterRecord> cluster(String arn) {
        return Optional.ofNullable(clusters.get(arn));
    }

    @Override
    public synchronized ClusterRecord createCluster(ClusterRecord cluster) {
        ClusterRecord existing = clusters.get(cluster.arn());
        if (existing != null && "ACTIVE".equals(existing.status())) {
            return existing;
        }
        clusters.put(cluster.arn(), cluster);
        return cluster;
    }

    @Override
    public synchronized void updateCluster(ClusterRecord cluster) {
        clusters.put(cluster.arn(), cluster);
    }

    @Override
    public synchronized List<ClusterRecord> listClusters(String region, String account, String afterArn, int limit) {
        List<ClusterRecord> out = new ArrayList<>();
        var view = afterArn == null ? clusters : clusters.tailMap(afterArn, false);
        for (ClusterRecord c : view.values()) {
            if (c.region().equals(region) && c.account().equals(account) && "ACTIVE".equals(c.status())) {
                out.add(c);
                if (out.size() == limit) {
                    break;
                }
            }
        }
        return out;
    }

    @Override
    public synchronized TaskDefinitionRecord registerTaskDefinition(String region, String account, String family,
                                                                    IntFunction<TaskDefinitionRecord> build) {
        String key = region + "\u0000" + account + "\u0000" + family;
        int revision = lastRevision.getOrDefault(key, 0) + 1;
        TaskDefinitionRecord record = build.apply(revision);
        lastRevision.put(key, revision);
        taskDefinitions.put(record.arn(), copy(record));
        return record;
    }

    @Override
    public synchronized Optional<TaskDefinitionRecord> taskDefinition(String arn) {
        return Optional.ofNullable(taskDefinitions.get(arn)).map(InMemoryEcsRepository::copy);
    }

    @Override
    public synchronized Optional<TaskDefinitionRecord> latestActiveTaskDefinition(String region, String account,
                                                                                  String family) {
        return taskDefinitions.values().stream()
                .filter(t -> t.region().equals(region) && t.account().equals(account) && t.family().equals(family)
                        && "ACTIVE".equals(t.status()))
                .max(Comparator.comparingInt(TaskDefinitionRecord::revision))
                .map(InMemoryEcsRepository::copy);
    }

    @Override
    public synchronized void updateTaskDefinition(TaskDefinitionRecord record) {
        taskDefinitions.put(record.arn(), copy(record));
    }

    @Override
    public synchronized List<TaskDefinitionRecord> listTaskDefinitions(String region, String account,
                                                                       String family, String status,
                                                                       boolean descending, String afterKey, int limit) {
        Comparator<TaskDefinitionRecord> order = Comparator.comparing(TaskDefinitionRecord::sortKey);
        if (descending) {
            order = order.reversed();
        }
        return taskDefinitions.values().stream()
                .filter(t -> t.region().equals(region) && t.account().equals(account))
                .filter(t -> family == null || t.family().equals(family))
                .filter(t -> status == null || t.status().equals(status))
                .filter(t -> afterKey == null || (descending ? t.sortKey().compareTo(afterKey) < 0
                        : t.sortKey().compareTo(afterKey) > 0))
                .sorted(order)
                .limit(limit)
                .map(InMemoryEcsRepository::copy)
                .toList();
    }

    @Override
    public synchronized List<String> listFamilies(String region, String account, String familyPrefix, String status,
                                                  String afterFamily, int limit) {
        TreeMap<String, Boolean> hasActive = new TreeMap<>();
        for (TaskDefinitionRecord t : taskDefinitions.values()) {
            if (t.region().equals(region) && t.account().equals(account)
                    && (familyPrefix == null || t.family().startsWith(familyPrefix))) {
                hasActive.merge(t.family(), "ACTIVE".equals(t.status()), Boolean::logicalOr);
            }
        }
        List<String> out = new ArrayList<>();
        for (var e : (afterFamily == null ? hasActive : hasActive.tailMap(afterFamily, false)).entrySet()) {
            boolean include = switch (status == null ? "ACTIVE" : status) {
                case "ALL" -> true;
                case "INACTIVE" -> !e.getValue();
                default -> e.getValue();
            };
            if (include) {
                out.add(e.getKey());
                if (out.size() == limit) {
                    break;
                }
            }
        }
        return out;
    }

    @Override
    public synchronized void insertTasks(List<Task> newTasks) {
        for (Task t : newTasks) {
            long seq = nextSeq++;
            tasks.put(t.taskArn(), EcsJson.write(t));
            taskSeq.put(t.taskArn(), seq);
            tasksBySeq.put(seq, t.taskArn());
        }
    }

    private static String tokenKey(String clusterArn, String token) {
        return clusterArn + "\u0000" + token;
    }

    @Override
    public synchronized Optional<ClientTokenRun> clientToken(String clusterArn, String token, Instant notBefore) {
        TokenEntry e = clientTokens.get(tokenKey(clusterArn, token));
        if (e == null || e.token().createdAt().isBefore(notBefore)) {
            return Optional.empty();
        }
        List<Task> found = tasks(e.taskArns());
        return found.isEmpty() ? Optional.empty() : Optional.of(new ClientTokenRun(e.token(), found));
    }

    @Override
    public synchronized Optional<ClientTokenRun> insertTasks(List<Task> newTasks, ClientToken token, Instant notBefore) {
        Optional<ClientTokenRun> live = clientToken(token.clusterArn(), token.token(), notBefore);
        if (live.isPresent()) {
            return live;
        }
        clientTokens.put(tokenKey(token.clusterArn(), token.token()),
                new TokenEntry(token, newTasks.stream().map(t -> t.taskArn()).toList()));
        insertTasks(newTasks);
        return Optional.empty();
    }

    @Override
    public synchronized int purgeClientTokens(Instant createdBefore) {
        int before = clientTokens.size();
        clientTokens.values().removeIf(e -> e.token().createdAt().isBefore(createdBefore)
                || e.taskArns().stream().noneMatch(tasks::containsKey));
        return before - clientTokens.size();
    }

    @Override
    public synchronized List<String> purgeStoppedTasks(Instant stoppedBefore) {
        List<String> deleted = new ArrayList<>();
        for (String arn : new ArrayList<>(tasksBySeq.values())) {
            Task t = EcsJson.read(tasks.get(arn), Task.class);
            Instant stoppedAt = t.stoppedAt() != null ? t.stoppedAt() : t.createdAt();
            if (t.lastStatus() == TaskStatus.STOPPED && stoppedAt.isBefore(stoppedBefore)) {
                tasks.remove(arn);
                tasksBySeq.remove(taskSeq.remove(arn));
                tags.remove(arn);
                deleted.add(arn);
            }
        }
        return deleted;
    }

    @Override
    public synchronized Optional<Task> task(String arn) {
        byte[] doc = tasks.get(arn);
        return doc == null ? Optional.empty() : Optional.of(EcsJson.read(doc, Task.class));
    }

    @Override
    public synchronized List<Task> tasks(Collection<String> arns) {
        List<Task> out = new ArrayList<>();
        for (String arn : arns) {
            byte[] doc = tasks.get(arn);
            if (doc != null) {
                out.add(EcsJson.read(doc, Task.class));
            }
        }
        return out;
    }

    @Override
    public synchronized void updateTask(Task task) {
        if (!tasks.containsKey(task.taskArn())) {
            throw new IllegalStateException("no task " + task.taskArn());
        }
        tasks.put(task.taskArn(), EcsJson.write(task));
    }

    @Override
    public synchronized List<TaskRef> listTasks(TaskQuery q, long afterSeq, int limit) {
        List<TaskRef> out = new ArrayList<>();
        for (var e : tasksBySeq.tailMap(afterSeq, false).entrySet()) {
            Task t = EcsJson.read(tasks.get(e.getValue()), Task.class);
            if (matches(q, t)) {
                out.add(new TaskRef(e.getKey(), t.taskArn()));
                if (out.size() == limit) {
                    break;
                }
            }
        }
        return out;
    }

    private static boolean matches(TaskQuery q, Task t) {
        return (q.clusterArn() == null || q.clusterArn().equals(t.clusterArn()))
                && (q.family() == null || q.family().equals(EcsArns.familyOf(t.taskDefinitionArn())))
                && (q.startedBy() == null || q.startedBy().equals(t.startedBy()))
                && (q.desiredStatus() == null || q.desiredStatus() == t.desiredStatus())
                && (q.launchType() == null || q.launchType().equals(t.launchType()))
                && (q.group() == null || q.group().equals(t.group()));
    }

    @Override
    public synchronized List<Task> groupTasks(String clusterArn, String group) {
        List<Task> out = new ArrayList<>();
        for (String arn : tasksBySeq.values()) {
            Task t = EcsJson.read(tasks.get(arn), Task.class);
            if (t.clusterArn().equals(clusterArn) && group.equals(t.group())) {
                out.add(t);
            }
        }
        return out;
    }

    @Override
    public synchronized List<Task> unstoppedTasks() {
        List<Task> out = new ArrayList<>();
        for (String arn : tasksBySeq.values()) {
            Task t = EcsJson.read(tasks.get(arn), Task.class);
            if (t.lastStatus() != TaskStatus.STOPPED) {
                out.add(t);
            }
        }
        return out;
    }

    @Override
    public synchronized Map<TaskStatus, Integer> countActiveTasksByStatus(String clusterArn) {
        Map<TaskStatus, Integer> counts = new HashMap<>();
        for (byte[] doc : tasks.values()) {
            Task t = EcsJson.read(doc, Task.class);
            if (clusterArn.equals(t.clusterArn()) && t.lastStatus() != TaskStatus.STOPPED) {
                counts.merge(t.lastStatus(), 1, Integer::sum);
            }
        }
        return counts;
    }

    @Override
    public synchronized Map<String, String> tags(String resourceArn) {
        LinkedHashMap<String, String> t = tags.get(resourceArn);
        return t == null ? Map.of() : new LinkedHashMap<>(t);
    }

    @Override
    public synchronized void tag(String resourceArn, Map<String, String> newTags) {
        tags.computeIfAbsent(resourceArn, k -> new LinkedHashMap<>()).putAll(newTags);
    }

    @Override
    public synchronized void untag(String resourceArn, Collection<String> keys) {
        LinkedHashMap<String, String> t = tags.get(resourceArn);
        if (t != null) {
            keys.forEach(t::remove);
        }
    }

    private static TaskDefinitionRecord copy(TaskDefinitionRecord r) {
        return new TaskDefinitionRecord(r.arn(), r.region(), r.account(), r.family(), r.revision(), r.status(),
                r.document().deepCopy());
    }
}
