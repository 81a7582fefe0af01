package dev.homeport.ssm;

import dev.homeport.crypto.Sealed;
import dev.homeport.ssm.SsmStore.Outcome;
import dev.homeport.ssm.SsmStore.ParameterVersion;
import dev.homeport.store.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The parameter store, run against every database ({@link #open}): versions read back as written (a sealed value as
 * its bytes), numbered from 1, a refused write leaving nothing, labels that move and are limited, tags, deletion, the
 * 100-version window, and accounts and regions that never see each other's parameters.
 */
abstract class SsmStoreContract {
    static final String A = "000000000000";
    static final String B = "111111111111";
    static final String R = "us-east-1";
    static final Instant T = Instant.parse("2026-12-04T10:00:00.123Z");

    Database db;
    SsmStore store;
    Path dir;

    abstract Database open(Path dir) throws Exception;

    /** The store under test, over the database {@link #open} gave. */
    SsmStore store(Database db) {
        return new JdbcSsmStore(db);
    }

    @BeforeEach
    void setUp() throws Exception {
        dir = Files.createTempDirectory("ssm-store");
        db = open(dir);
        store = store(db);
    }

    @AfterEach
    void tearDown() throws Exception {
        db.close();
        dev.homeport.testing.HomeportServer.deleteRecursively(dir);
    }

    static ParameterVersion plain(String name, long version, String value) {
        return new ParameterVersion(name, version, "String", value, null, "d", null, null, "Standard", "text", null,
                T, "arn:aws:iam::000000000000:root", List.of());
    }

    ParameterVersion put(String account, String region, String name, String value) {
        return store.put(account, region, name, Map.of(), (prev, next) -> plain(name, next, value));
    }

    @Test
    void versionsAreNumberedFromOneAndReadBackAsWritten() {
        ParameterVersion first = store.put(A, R, "/p", Map.of("env", "dev"), (prev, next) -> {
            assertThat(prev).isEmpty();
            return plain("/p", next, "one");
        });
        assertThat(first.version()).isEqualTo(1);
        assertThat(first.value()).isEqualTo("one");
        assertThat(first.modifiedAt()).isEqualTo(T);
        ParameterVersion second = store.put(A, R, "/p", Map.of("ignored", "x"), (prev, next) -> {
            assertThat(prev.orElseThrow().value()).isEqualTo("one");
            return plain("/p", next, "two");
        });
        assertThat(second.version()).isEqualTo(2);
        assertThat(store.latest(A, R, "/p").orElseThrow().value()).isEqualTo("two");
        assertThat(store.version(A, R, "/p", 1).orElseThrow().value()).isEqualTo("one");
        assertThat(store.version(A, R, "/p", 3)).isEmpty();
        assertThat(store.history(A, R, "/p")).extracting(ParameterVersion::version).containsExactly(1L, 2L);
        assertThat(store.tags(A, R, "/p")).containsExactly(Map.entry("env", "dev"));

        byte[] bytes = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        store.put(A, R, "/s", Map.of(), (prev, next) -> new ParameterVersion("/s", next, "SecureString", null,
                Sealed.of(bytes), null, null, "alias/aws/ssm", "Advanced", "text", "[]", T, "me", List.of()));
        ParameterVersion s = store.latest(A, R, "/s").orElseThrow();
        assertThat(s.value()).isNull();
        assertThat(s.sealed().bytes()).isEqualTo(bytes);
        assertThat(s.keyId()).isEqualTo("alias/aws/ssm");
        assertThat(s.tier()).isEqualTo("Advanced");
        assertThat(s.policies()).isEqualTo("[]");
        assertThat(store.listLatest(A, R)).extracting(ParameterVersion::name, ParameterVersion::version)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("/p", 2L),
                        org.assertj.core.groups.Tuple.tuple("/s", 1L));
    }

    @Test
    void parametersAreListedInTheOrderPageTokensCompareNames() {
        for (String name : List.of("/ab", "/a/b", "/a-b", "/A", "plain", "/a_b")) {
            put(A, R, name, "v");
        }
        assertThat(store.listLatest(A, R)).extracting(ParameterVersion::name)
                .containsExactly("/A", "/a-b", "/a/b", "/a_b", "/ab", "plain");
    }

    @Test
    void aRefusedWriteLeavesNothing() {
        assertThatThrownBy(() -> store.put(A, R, "/p", Map.of("k", "v"), (prev, next) -> {
            throw new IllegalStateException("refused");
        })).hasMessage("refused");
        assertThat(store.exists(A, R, "/p")).isFalse();
        assertThat(store.tags(A, R, "/p")).isEmpty();
        assertThat(store.listLatest(A, R)).isEmpty();
    }

    @Test
    void labelsMoveAreLimitedAndRemoved() {
        put(A, R, "/p", "one");
        put(A, R, "/p", "two");
        assertThat(store.label(A, R, "/p", 1L, List.of("a", "b")).outcome()).isEqualTo(Outcome.DONE);
        assertThat(store.labelled(A, R, "/p", "a").orElseThrow().version()).isEqualTo(1);
        assertThat(store.label(A, R, "/p", null, List.of("a"))).isEqualTo(new SsmStore.Labelled(Outcome.DONE, 2));
        assertThat(store.labelled(A, R, "/p", "a").orElseThrow().version()).isEqualTo(2);
        assertThat(store.version(A, R, "/p", 1).orElseThrow().labels()).containsExactly("b");
        assertThat(store.label(A, R, "/p", 5L, List.of("c")).outcome()).isEqualTo(Outcome.VERSION_NOT_FOUND);
        assertThat(store.label(A, R, "/none", null, List.of("c")).outcome()).isEqualTo(Outcome.PARAMETER_NOT_FOUND);
        assertThat(store.label(A, R, "/p", 1L, List.of("c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9", "c10"))
                .outcome()).isEqualTo(Outcome.LABEL_LIMIT);
        assertThat(store.version(A, R, "/p", 1).orElseThrow().labels()).containsExactly("b");
        assertThat(store.unlabel(A, R, "/p", 1, List.of("b", "a"))).containsExactly("b");
        assertThat(store.unlabel(A, R, "/p", 9, List.of("b"))).isNull();
        assertThat(store.labelled(A, R, "/p", "b")).isEmpty();
    }

    @Test
    void tagsAreSetLimitedAndRemoved() {
        put(A, R, "/p", "one");
        assertThat(store.addTags(A, R, "/p", Map.of("a", "1", "b", "2"), 50)).isTrue();
        assertThat(store.addTags(A, R, "/p", Map.of("a", "3"), 50)).isTrue();
        assertThat(store.tags(A, R, "/p")).containsExactly(Map.entry("a", "3"), Map.entry("b", "2"));
        assertThat(store.addTags(A, R, "/p", Map.of("c", "1"), 2)).isFalse();
        assertThat(store.addTags(A, R, "/none", Map.of("c", "1"), 50)).isFalse();
        assertThat(store.removeTags(A, R, "/p", List.of("a", "zz"))).isTrue();
        assertThat(store.tags(A, R, "/p")).containsExactly(Map.entry("b", "2"));
        assertThat(store.removeTags(A, R, "/none", List.of("a"))).isFalse();
    }

    @Test
    void deletionForgetsEveryVersionLabelAndTag() {
        store.put(A, R, "/p", Map.of("k", "v"), (prev, next) -> plain("/p", next, "one"));
        put(A, R, "/p", "two");
        store.label(A, R, "/p", 1L, List.of("l"));
        assertThat(store.delete(A, R, "/p")).isTrue();
        assertThat(store.delete(A, R, "/p")).isFalse();
        assertThat(store.history(A, R, "/p")).isEmpty();
        assertThat(store.labelled(A, R, "/p", "l")).isEmpty();
        assertThat(store.tags(A, R, "/p")).isEmpty();
        assertThat(put(A, R, "/p", "again").version()).isEqualTo(1);
    }

    @Test
    void aReadAfterEachKindOfWriteSeesIt() {
        // each write follows a read of what it changes, so that a cache in front holds the old state
        put(A, R, "/p", "one");
        assertThat(store.latest(A, R, "/p").orElseThrow().value()).isEqualTo("one");
        assertThat(store.tags(A, R, "/p")).isEmpty();
        put(A, R, "/p", "two");
        assertThat(store.latest(A, R, "/p").orElseThrow().value()).isEqualTo("two");
        assertThat(store.version(A, R, "/p", 2).orElseThrow().labels()).isEmpty();
        store.label(A, R, "/p", null, List.of("live"));
        assertThat(store.latest(A, R, "/p").orElseThrow().labels()).containsExactly("live");
        assertThat(store.version(A, R, "/p", 2).orElseThrow().labels()).containsExactly("live");
        store.unlabel(A, R, "/p", 2, List.of("live"));
        assertThat(store.latest(A, R, "/p").orElseThrow().labels()).isEmpty();
        store.addTags(A, R, "/p", Map.of("k", "v"), 50);
        assertThat(store.tags(A, R, "/p")).containsExactly(Map.entry("k", "v"));
        store.removeTags(A, R, "/p", List.of("k"));
        assertThat(store.tags(A, R, "/p")).isEmpty();
        assertThatThrownBy(() -> store.put(A, R, "/p", Map.of(), (prev, next) -> {
            throw new IllegalStateException("refused");
        })).hasMessage("refused");
        assertThat(store.latest(A, R, "/p").orElseThrow().version()).isEqualTo(2);
        store.delete(A, R, "/p");
        assertThat(store.exists(A, R, "/p")).isFalse();
        assertThat(store.latest(A, R, "/p")).isEmpty();
        assertThat(store.version(A, R, "/p", 2)).isEmpty();
        assertThat(put(A, R, "/p", "again").version()).isEqualTo(1);
        assertThat(store.latest(A, R, "/p").orElseThrow().value()).isEqualTo("again");
    }

    @Test
    void onlyTheHundredMostRecentVersionsAreKept() {
        for (int i = 1; i <= 102; i++) {
            put(A, R, "/p", "v" + i);
        }
        List<ParameterVersion> history = store.history(A, R, "/p");
        assertThat(history).hasSize(100);
        assertThat(history.getFirst().version()).isEqualTo(3);
        assertThat(history.getLast().version()).isEqualTo(102);
    }

    @Test
    void concurrentWritersOfOneParameterTakeTurns() throws Exception {
        int threads = 8;
        int each = 10;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<?>> futures = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < each; i++) {
                        put(A, R, "/busy", "t" + thread + "-" + i);
                        store.label(A, R, "/busy", null, List.of("latest"));
                        store.addTags(A, R, "/busy", Map.of("by", "t" + thread), 50);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (java.util.concurrent.Future<?> f : futures) {
                f.get(60, java.util.concurrent.TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        List<ParameterVersion> history = store.history(A, R, "/busy");
        assertThat(history).extracting(ParameterVersion::version)
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, threads * each).boxed().toList());
        assertThat(store.labelled(A, R, "/busy", "latest")).isPresent();
        assertThat(store.tags(A, R, "/busy")).containsOnlyKeys("by");
    }

    @Test
    void accountsAndRegionsNeverSeeEachOthersParameters() {
        put(A, R, "/p", "a-east");
        put(B, R, "/p", "b-east");
        put(A, "eu-west-1", "/p", "a-west");
        assertThat(store.latest(A, R, "/p").orElseThrow().value()).isEqualTo("a-east");
        assertThat(store.latest(B, R, "/p").orElseThrow().value()).isEqualTo("b-east");
        assertThat(store.latest(A, "eu-west-1", "/p").orElseThrow().value()).isEqualTo("a-west");
        assertThat(store.latest(B, "eu-west-1", "/p")).isEqualTo(Optional.empty());
        store.label(A, R, "/p", null, List.of("l"));
        assertThat(store.labelled(B, R, "/p", "l")).isEmpty();
        store.addTags(A, R, "/p", Map.of("k", "v"), 50);
        assertThat(store.tags(B, R, "/p")).isEmpty();
        store.delete(B, R, "/p");
        assertThat(store.exists(A, R, "/p")).isTrue();
        assertThat(store.listLatest(A, R)).hasSize(1);
    }
}
