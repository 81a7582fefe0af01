package dev.homeport.secretsmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.homeport.crypto.Sealed;
import dev.homeport.secretsmanager.model.ReplicationStatus;
import dev.homeport.secretsmanager.model.RotationRules;
import dev.homeport.secretsmanager.model.RotationSettings;
import dev.homeport.secretsmanager.model.Secret;
import dev.homeport.secretsmanager.model.SecretVersion;
import dev.homeport.secretsmanager.model.SecretTag;
import dev.homeport.secretsmanager.model.ValueKind;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The {@link SecretRepository} contract, run against every implementation. Each test works in its own
 * random account, so implementations backed by a shared database need no cleanup between tests.
 */
public abstract class SecretRepositoryContractTest {
    protected static final String REGION = "us-east-1";
    protected final String account = String.format("%012d", ThreadLocalRandom.current().nextLong(1_000_000_000_000L));
    protected final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    /** The repository under test (a fresh or shared store; tests isolate themselves by account). */
    protected abstract SecretRepository repository();

    /** Waits for asynchronous access-date writes, for implementations that defer them. */
    protected void awaitAccessWrites() {}

    // ------------------------------------------------------------------ helpers

    protected Secret newSecret(String name) {
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 6);
        return Secret.builder()
                .arn("arn:aws:secretsmanager:" + REGION + ":" + account + ":secret:" + name + "-" + suffix)
                .name(name).account(account).region(REGION).createdDate(now).lastChangedDate(now)
                .build();
    }

    protected static Sealed randomSealed() {
        byte[] b = new byte[40];
        ThreadLocalRandom.current().nextBytes(b);
        b[0] = 0x01;
        return Sealed.of(b);
    }

    protected static SecretVersion version(String id, Instant created, String... labels) {
        return SecretVersion.create(id, Set.of(labels), created, randomSealed(), ValueKind.STRING);
    }

    /** PutSecretValue without VersionStages, as the service will plan it. */
    protected static VersionChangePlanner put(SecretVersion v) {
        return state -> {
            VersionChange c = VersionChange.addVersion(v.withStagingLabels(Set.of("AWSCURRENT")))
                    .updateSecret(state.secret().withLastChangedDate(v.createdDate()));
            return state.secret().versionIdForStage("AWSCURRENT").map(old -> c.moveLabel("AWSPREVIOUS", old)).orElse(c);
        };
    }

    protected Secret created(String name) {
        Secret s = newSecret(name);
        repository().create(s, version("v1", now, "AWSCURRENT"));
        return repository().findByArn(s.arn()).orElseThrow();
    }

    // ------------------------------------------------------------------ create and find

    @Test
    void createStoresSecretWithFirstVersionAndItsLabels() {
        Secret s = newSecret("app/db");
        SecretVersion v1 = version("v1", now, "AWSCURRENT");
        repository().create(s, v1);

        Secret found = repository().findByArn(s.arn()).orElseThrow();
        assertThat(found.toBuilder().versionStages(Map.of()).build()).isEqualTo(s);
        assertThat(found.versionStages()).isEqualTo(Map.of("v1", Set.of("AWSCURRENT")));
        assertThat(repository().findVersion(s.arn(), "v1")).contains(v1);
        assertThat(repository().findVersionByStage(s.arn(), "AWSCURRENT")).contains(v1);
        assertThat(repository().listVersions(s.arn())).containsExactly(v1);
    }

    @Test
    void createWithoutValueHasNoVersions() {
        Secret s = newSecret("empty");
        repository().create(s, null);
        assertThat(repository().findByArn(s.arn()).orElseThrow().versionStages()).isEmpty();
        assertThat(repository().listVersions(s.arn())).isEmpty();
        assertThat(repository().findVersionByStage(s.arn(), "AWSCURRENT")).isEmpty();
    }

    @Test
    void findsByNameFullArnAndPartialArn() {
        Secret s = created("prod/api-key");
        String partial = s.arn().substring(0, s.arn().length() - 7);
        assertThat(repository().findByName(account, REGION, "prod/api-key")).map(Secret::arn).contains(s.arn());
        assertThat(repository().findBySecretId(account, REGION, "prod/api-key")).map(Secret::arn).contains(s.arn());
        assertThat(repository().findBySecretId(account, REGION, s.arn())).map(Secret::arn).contains(s.arn());
        assertThat(repository().findBySecretId(account, REGION, partial)).map(Secret::arn).contains(s.arn());
        // Other region's endpoint, other account's name space, a wrong suffix: not found.
        assertThat(repository().findBySecretId(account, "eu-west-1", s.arn().replace(REGION, "eu-west-1"))).isEmpty();
        assertThat(repository().findByName(account, "eu-west-1", "prod/api-key")).isEmpty();
        assertThat(repository().findByName("999999999999", REGION, "prod/api-key")).isEmpty();
        assertThat(repository().findByArn(partial + "-zzzzzz")).isEmpty();
    }

    @Test
    void missingThingsAreEmptyNotErrors() {
        String arn = newSecret("nope").arn();
        assertThat(repository().findByArn(arn)).isEmpty();
        assertThat(repository().findVersion(arn, "v1")).isEmpty();
        assertThat(repository().findVersionByStage(arn, "AWSCURRENT")).isEmpty();
        assertThat(repository().listVersions(arn)).isEmpty();
        assertThat(repository().updateSecret(arn, s -> s)).isEmpty();
        AtomicBoolean planned = new AtomicBoolean();
        assertThat(repository().applyVersionChange(arn, st -> { planned.set(true); return VersionChange.none(); })).isEmpty();
        assertThat(planned).isFalse();
        assertThat(repository().purge(arn)).isFalse();
        assertThat(repository().pruneVersions(arn, now)).isZero();
        repository().recordAccess(arn, "v1", LocalDate.now());
    }

    @Test
    void nameStaysTakenWhileScheduledForDeletionAndIsFreedByPurge() {
        Secret s = created("dup");
        assertThatThrownBy(() -> repository().create(newSecret("dup"), null))
                .isInstanceOf(SecretAlreadyExistsException.class);
        repository().scheduleDeletion(s.arn(), now.plus(Duration.ofDays(7)));
        assertThatThrownBy(() -> repository().create(newSecret("dup"), version("v1", now, "AWSCURRENT")))
                .isInstanceOf(SecretAlreadyExistsException.class);
        // The failed create left nothing behind.
        assertThat(repository().listSecrets(account, REGION)).extracting(Secret::arn).containsExactly(s.arn());

        assertThat(repository().purge(s.arn())).isTrue();
        assertThat(repository().findByArn(s.arn())).isEmpty();
        assertThat(repository().findByName(account, REGION, "dup")).isEmpty();
        assertThat(repository().listVersions(s.arn())).isEmpty();
        Secret again = newSecret("dup");
        repository().create(again, null);
        assertThat(repository().findByName(account, REGION, "dup")).map(Secret::arn).contains(again.arn());
    }

    @Test
    void sameNameInAnotherRegionIsAnotherSecret() {
        created("shared");
        Secret other = newSecret("shared").toBuilder().region("eu-west-1")
                .arn("arn:aws:secretsmanager:eu-west-1:" + account + ":secret:shared-AbCdEf").build();
        repository().create(other, null);
        assertThat(repository().findByName(account, "eu-west-1", "shared")).map(Secret::arn).contains(other.arn());
        assertThat(repository().listSecrets(account, REGION)).extracting(Secret::name).containsExactly("shared");
    }

    // ------------------------------------------------------------------ listing

    @Test
    void listsAccountAndRegionInCreationOrderIncludingPlannedDeletion() {
        Secret a = newSecret("a");
        Secret b = newSecret("b").toBuilder().createdDate(now.plusSeconds(1)).build();
        Secret c = newSecret("c").toBuilder().createdDate(now.plusSeconds(2)).build();
        repository().create(c, null);
        repository().create(a, version("v1", now, "AWSCURRENT"));
        repository().create(b, null);
        repository().scheduleDeletion(b.arn(), now.plus(Duration.ofDays(30)));

        List<Secret> listed = repository().listSecrets(account, REGION);
        assertThat(listed).extracting(Secret::name).containsExactly("a", "b", "c");
        assertThat(listed.get(0).versionStages()).isEqualTo(Map.of("v1", Set.of("AWSCURRENT")));
        assertThat(listed.get(1).isScheduledForDeletion()).isTrue();
        assertThat(repository().listSecrets("000000000001", REGION)).isEmpty();
    }

    // ------------------------------------------------------------------ metadata

    @Test
    void updateSecretRoundTripsEveryMetadataField() {
        Secret s = created("full");
        Secret changed = s.toBuilder()
                .description("the database password").kmsKeyId("alias/mine")
                .tags(List.of(new SecretTag("z", "1"), new SecretTag("a", ""), new SecretTag("m", "3")))
                .lastChangedDate(now.plusSeconds(5)).lastAccessedDate(LocalDate.of(2025, 3, 4))
                .rotation(new RotationSettings(true, "arn:aws:lambda:us-east-1:" + account + ":function:rot",
                        new RotationRules(30L, "2h", "rate(30 days)"), now.minusSeconds(60), now.plus(Duration.ofDays(30))))
                .resourcePolicy("{\"Version\":\"2012-10-17\",\"Statement\":[]}")
                .primaryRegion(REGION).owningService("rds")
                .replicationStatus(List.of(new ReplicationStatus("eu-west-1", "alias/r", "InSync", "Replication succeeded", null),
                        new ReplicationStatus("ap-south-1", null, "Failed", "denied", LocalDate.of(2025, 1, 2))))
                .build();

        assertThat(repository().updateSecret(s.arn(), old -> changed)).contains(changed);
        assertThat(repository().findByArn(s.arn())).contains(changed);
        assertThat(repository().listSecrets(account, REGION)).containsExactly(changed);
        // And back to nothing: nulls and empty lists are stored as such.
        Secret cleared = changed.toBuilder().description(null).kmsKeyId(null).tags(List.of()).replicationStatus(List.of())
                .rotation(RotationSettings.NONE).resourcePolicy(null).primaryRegion(null).owningService(null).build();
        repository().updateSecret(s.arn(), old -> cleared);
        assertThat(repository().findByArn(s.arn())).contains(cleared);
    }

    @Test
    void updateSecretRefusesIdentityAndLabelChanges() {
        Secret s = created("fixed");
        assertThatThrownBy(() -> repository().updateSecret(s.arn(), old -> old.toBuilder().name("renamed").build()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> repository().updateSecret(s.arn(), old -> old.toBuilder().versionStages(Map.of()).build()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(repository().findByArn(s.arn())).contains(s);
    }

    @Test
    void updateSecretThatThrowsWritesNothing() {
        Secret s = created("abort");
        assertThatThrownBy(() -> repository().updateSecret(s.arn(), old -> {
            throw new IllegalStateException("service said no");
        })).hasMessage("service said no");
        assertThat(repository().findByArn(s.arn())).contains(s);
    }

    @Test
    void tagsMergeInPlaceAndUntagIgnoresUnknownKeys() {
        Secret s = created("tags");
        repository().tagResource(s.arn(), List.of(new SecretTag("env", "dev"), new SecretTag("team", "a")));
        repository().tagResource(s.arn(), List.of(new SecretTag("cost", "1"), new SecretTag("env", "prod")));
        assertThat(repository().findByArn(s.arn()).orElseThrow().tags())
                .containsExactly(new SecretTag("env", "prod"), new SecretTag("team", "a"), new SecretTag("cost", "1"));
        repository().untagResource(s.arn(), List.of("team", "nope"));
        assertThat(repository().findByArn(s.arn()).orElseThrow().tags())
                .containsExactly(new SecretTag("env", "prod"), new SecretTag("cost", "1"));
    }

    @Test
    void resourcePolicySetAndDeleted() {
        Secret s = created("policy");
        repository().setResourcePolicy(s.arn(), "{\"Version\":\"2012-10-17\"}");
        assertThat(repository().findByArn(s.arn()).orElseThrow().resourcePolicy()).isEqualTo("{\"Version\":\"2012-10-17\"}");
        repository().setResourcePolicy(s.arn(), null);
        assertThat(repository().findByArn(s.arn()).orElseThrow().resourcePolicy()).isNull();
    }

    @Test
    void deletionIsScheduledRestoredAndFoundWhenDue() {
        Secret s = created("doomed");
        Secret keep = created("kept");
        Instant purgeAt = now.plus(Duration.ofDays(7));
        assertThat(repository().scheduleDeletion(s.arn(), purgeAt).orElseThrow().deletedDate()).isEqualTo(purgeAt);
        assertThat(repository().findDueForPurge(purgeAt.minusMillis(1))).doesNotContain(s.arn());
        assertThat(repository().findDueForPurge(purgeAt)).contains(s.arn()).doesNotContain(keep.arn());
        repository().cancelDeletion(s.arn());
        assertThat(repository().findByArn(s.arn()).orElseThrow().isScheduledForDeletion()).isFalse();
        assertThat(repository().findDueForPurge(purgeAt.plusSeconds(1))).doesNotContain(s.arn());
    }

    @Test
    void rotationDueWhenEnabledAndNextDatePassed() {
        Secret s = created("rotating");
        Instant next = now.plus(Duration.ofDays(1));
        repository().updateSecret(s.arn(), old -> old.toBuilder()
                .rotation(new RotationSettings(true, "arn:aws:lambda:us-east-1:1:function:f", new RotationRules(1L, null, null), null, next))
                .build());
        assertThat(repository().findDueForRotation(now)).doesNotContain(s.arn());
        assertThat(repository().findDueForRotation(next)).contains(s.arn());
    }

    // ------------------------------------------------------------------ versions and labels

    @Test
    void putMovesCurrentAndPreviousAtomically() {
        Secret s = created("rotated");
        Secret afterV2 = repository().applyVersionChange(s.arn(), put(version("v2", now.plusSeconds(1)))).orElseThrow();
        assertThat(afterV2.versionStages()).isEqualTo(Map.of("v1", Set.of("AWSPREVIOUS"), "v2", Set.of("AWSCURRENT")));
        assertThat(afterV2.lastChangedDate()).isEqualTo(now.plusSeconds(1));

        repository().applyVersionChange(s.arn(), put(version("v3", now.plusSeconds(2))));
        assertThat(repository().findByArn(s.arn()).orElseThrow().versionStages())
                .isEqualTo(Map.of("v2", Set.of("AWSPREVIOUS"), "v3", Set.of("AWSCURRENT")));
        assertThat(repository().listVersions(s.arn()))
                .extracting(SecretVersion::versionId, SecretVersion::stagingLabels)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("v3", Set.of("AWSCURRENT")),
                        org.assertj.core.groups.Tuple.tuple("v2", Set.of("AWSPREVIOUS")),
                        org.assertj.core.groups.Tuple.tuple("v1", Set.of()));
        assertThat(repository().findVersion(s.arn(), "v1").orElseThrow().isDeprecated()).isTrue();
        assertThat(repository().findVersionByStage(s.arn(), "AWSPREVIOUS")).map(SecretVersion::versionId).contains("v2");
    }

    @Test
    void labelsMoveAndDetachWithoutANewVersion() {
        Secret s = created("stages");
        repository().applyVersionChange(s.arn(), put(version("v2", now.plusSeconds(1))));
        // UpdateSecretVersionStage: custom label onto v1, then move it to v2, then remove it.
        repository().applyVersionChange(s.arn(), st -> VersionChange.none().moveLabel("blue", "v1"));
        assertThat(repository().findVersion(s.arn(), "v1").orElseThrow().stagingLabels()).containsExactlyInAnyOrder("AWSPREVIOUS", "blue");
        repository().applyVersionChange(s.arn(), st -> VersionChange.none().moveLabel("blue", "v2"));
        assertThat(repository().findByArn(s.arn()).orElseThrow().versionStages())
                .isEqualTo(Map.of("v1", Set.of("AWSPREVIOUS"), "v2", Set.of("AWSCURRENT", "blue")));
        repository().applyVersionChange(s.arn(), st -> VersionChange.none().removeLabel("blue").removeLabel("AWSPREVIOUS"));
        assertThat(repository().findByArn(s.arn()).orElseThrow().versionStages()).isEqualTo(Map.of("v2", Set.of("AWSCURRENT")));
    }

    @Test
    void plannerSeesCurrentStateAndNoneWritesNothing() {
        Secret s = created("idempotent");
        SecretVersion v1 = repository().findVersion(s.arn(), "v1").orElseThrow();
        Secret result = repository().applyVersionChange(s.arn(), st -> {
            assertThat(st.secret()).isEqualTo(s);
            assertThat(st.version("v1")).contains(v1);
            assertThat(st.versionWithStage("AWSCURRENT")).contains(v1);
            assertThat(st.version("v9")).isEmpty();
            assertThat(st.versions()).containsExactly(v1);
            return VersionChange.none();
        }).orElseThrow();
        assertThat(result).isEqualTo(s);
        assertThat(repository().findByArn(s.arn())).contains(s);
    }

    @Test
    void failedVersionChangeLeavesNoTrace() {
        Secret s = created("atomic");
        // Inserts v2 with AWSCURRENT, then fails on the move: v2 and its label must be rolled back.
        assertThatThrownBy(() -> repository().applyVersionChange(s.arn(),
                st -> VersionChange.addVersion(version("v2", now, "AWSCURRENT")).moveLabel("AWSPREVIOUS", "missing")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> repository().applyVersionChange(s.arn(), st -> VersionChange.addVersion(version("v1", now))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> repository().applyVersionChange(s.arn(), st -> {
            throw new IllegalStateException("ResourceExistsException");
        })).hasMessage("ResourceExistsException");
        assertThat(repository().findByArn(s.arn())).contains(s);
        assertThat(repository().listVersions(s.arn())).extracting(SecretVersion::versionId).containsExactly("v1");
    }

    @Test
    void concurrentPutsNeverLoseAPreviousOrDoubleALabel() throws Exception {
        Secret s = created("contended");
        List<String> commitOrder = Collections.synchronizedList(new ArrayList<>(List.of("v1")));
        int writers = 8, each = 10;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int wid = w;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        SecretVersion v = version("w" + wid + "-" + i, Instant.now());
                        VersionChangePlanner planner = put(v);
                        repository().applyVersionChange(s.arn(), st -> {
                            VersionChange c = planner.plan(st);
                            commitOrder.add(v.versionId()); // the planner runs under the secret's lock
                            return c;
                        });
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        Secret end = repository().findByArn(s.arn()).orElseThrow();
        int n = commitOrder.size();
        assertThat(end.versionStages()).isEqualTo(Map.of(
                commitOrder.get(n - 1), Set.of("AWSCURRENT"), commitOrder.get(n - 2), Set.of("AWSPREVIOUS")));
        assertThat(repository().listVersions(s.arn())).hasSize(writers * each + 1);
    }

    @Test
    void pruningKeepsLabelledRecentAndYoungVersions() {
        Secret s = newSecret("many");
        Instant old = now.minus(Duration.ofDays(3));
        repository().create(s, version("v000", old, "AWSCURRENT"));
        for (int i = 1; i <= 104; i++) {
            // Direct label moves, no pruning on the way: build up 105 old versions first.
            SecretVersion v = version(String.format("v%03d", i), old.plusSeconds(i));
            repository().applyVersionChange(s.arn(), st -> new VersionChange(v, Map.of(), Set.of(), null));
        }
        repository().applyVersionChange(s.arn(), st -> VersionChange.none().moveLabel("keepme", "v001"));
        // 105 versions, all older than 24h. v000 (AWSCURRENT) and v001 (keepme) are labelled;
        // the 100 most recent are v005..v104, so v002, v003, v004 go.
        assertThat(repository().listVersions(s.arn())).hasSize(105);
        assertThat(repository().pruneVersions(s.arn(), now)).isEqualTo(3);
        assertThat(repository().listVersions(s.arn())).extracting(SecretVersion::versionId)
                .hasSize(102).contains("v000", "v001", "v005", "v104").doesNotContain("v002", "v003", "v004");

        // Young versions are never pruned, even beyond 100: adding one through a put prunes as of its date.
        repository().applyVersionChange(s.arn(), put(version("young", now)));
        List<String> ids = repository().listVersions(s.arn()).stream().map(SecretVersion::versionId).toList();
        assertThat(ids).contains("young", "v000", "v001");
        assertThat(ids).hasSize(102); // v005 and v006 dropped out of the 100 most recent, v000 is now AWSPREVIOUS
        assertThat(repository().pruneVersions(s.arn(), now.minus(Duration.ofDays(10)))).isZero();
    }

    // ------------------------------------------------------------------ access dates

    @Test
    void recordAccessNeverMovesBackAndReadsNeverWrite() {
        Secret s = created("accessed");
        LocalDate day = LocalDate.of(2025, 6, 1);
        repository().findByArn(s.arn());
        repository().findVersionByStage(s.arn(), "AWSCURRENT");
        assertThat(repository().findByArn(s.arn()).orElseThrow().lastAccessedDate()).isNull();

        repository().recordAccess(s.arn(), "v1", day);
        awaitAccessWrites();
        assertThat(repository().findByArn(s.arn()).orElseThrow().lastAccessedDate()).isEqualTo(day);
        assertThat(repository().findVersion(s.arn(), "v1").orElseThrow().lastAccessedDate()).isEqualTo(day);

        repository().recordAccess(s.arn(), "v1", day.minusDays(1));
        awaitAccessWrites();
        assertThat(repository().findByArn(s.arn()).orElseThrow().lastAccessedDate()).isEqualTo(day);

        repository().recordAccess(s.arn(), null, day.plusDays(1));
        awaitAccessWrites();
        Secret after = repository().findByArn(s.arn()).orElseThrow();
        assertThat(after.lastAccessedDate()).isEqualTo(day.plusDays(1));
        assertThat(after.lastChangedDate()).isEqualTo(s.lastChangedDate());
        assertThat(repository().findVersion(s.arn(), "v1").orElseThrow().lastAccessedDate()).isEqualTo(day);
    }

    // ------------------------------------------------------------------ re-sealing support

    @Test
    void sealedValuesPageInOrderAndReplaceIsCompareAndSet() {
        Secret a = created("page-a");
        Secret b = created("page-b");
        repository().applyVersionChange(a.arn(), put(version("v2", now.plusSeconds(1))));
        List<StoredValue> all = new ArrayList<>();
        StoredValue after = null;
        List<StoredValue> page;
        do {
            page = repository().sealedValues(after, 1);
            all.addAll(page);
            after = page.isEmpty() ? null : page.getLast();
        } while (!page.isEmpty());
        List<StoredValue> mine = all.stream().filter(v -> v.secretArn().equals(a.arn()) || v.secretArn().equals(b.arn())).toList();
        assertThat(mine).hasSize(3);
        assertThat(all).doesNotHaveDuplicates();

        assertThat(repository().sealedValueCount()).isEqualTo(all.size());

        StoredValue v = mine.getFirst();
        StoredValue w = mine.get(1);
        Sealed replacement = randomSealed();
        Sealed unused = randomSealed();
        // Compare-and-set per value: w's row no longer holds what the caller read, so it stays as it is.
        StoredValue stale = new StoredValue(w.secretArn(), w.versionId(), randomSealed());
        assertThat(repository().replaceSealedValues(List.of(new StoredValue.Reseal(v, replacement),
                new StoredValue.Reseal(stale, unused)))).isEqualTo(1);
        assertThat(repository().findVersion(v.secretArn(), v.versionId()).orElseThrow().value()).isEqualTo(replacement);
        assertThat(repository().findVersion(w.secretArn(), w.versionId()).orElseThrow().value()).isEqualTo(w.value());
    }
}
