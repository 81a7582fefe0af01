package dev.homeport.logs;

import dev.homeport.logs.LogStore.Group;
import dev.homeport.logs.LogStore.Position;
import dev.homeport.logs.LogStore.StoredEvent;
import dev.homeport.logs.LogStore.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The {@link LogStore} contract, run on every database Homeport supports (SQLite, PostgreSQL):
 * SQL that one of them reads differently fails here rather than in production. Tests isolate
 * themselves by account.
 */
abstract class LogStoreContractTest {
    protected abstract LogStore store();

    String account;

    @BeforeEach
    void newAccount() {
        account = String.format("%012d", ThreadLocalRandom.current().nextLong(1_000_000_000_000L));
    }

    Group group(String name) {
        return store().createGroup(account, "us-east-1", name, 1000, null, "STANDARD", Map.of("k", "v")).orElseThrow();
    }

    static List<LogEvent> events(long start, int n, String prefix) {
        List<LogEvent> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new LogEvent(start + i, prefix + i));
        }
        return out;
    }

    @Test
    void groupsAreUniquePerAccountAndRegionAndListedInAsciiOrder() {
        group("b");
        group("B");
        group("a/x");
        assertThat(store().createGroup(account, "us-east-1", "b", 1, null, "STANDARD", Map.of())).isEmpty();
        assertThat(store().createGroup(account, "eu-west-1", "b", 1, null, "STANDARD", Map.of())).isPresent();
        assertThat(store().listGroups(account, "us-east-1")).extracting(Group::name).containsExactly("B", "a/x", "b");
        assertThat(store().tags(store().findGroup(account, "us-east-1", "b").orElseThrow().id())).isEqualTo(Map.of("k", "v"));
    }

    @Test
    void appendReadAndScanInTimestampThenIngestionOrder() {
        Group g = group("g");
        store().appendTo(account, "us-east-1", "g", "s1", false, true, events(100, 3, "a"), 5000, null);
        store().appendTo(account, "us-east-1", "g", "s2", false, true, List.of(new LogEvent(101, "b")), 5001, null);
        store().appendTo(account, "us-east-1", "g", "s1", false, true, List.of(new LogEvent(101, "c")), 5002, null);
        Stream s1 = store().findStream(g.id(), "s1").orElseThrow();
        assertThat(s1.firstEventTime()).isEqualTo(100);
        assertThat(s1.lastEventTime()).isEqualTo(102);
        assertThat(s1.lastIngestionTime()).isEqualTo(5002);
        assertThat(s1.storedBytes()).isEqualTo(3 * 2 + 1 + 4 * 26);

        assertThat(store().readStream(g.id(), s1.id(), Long.MIN_VALUE, Long.MAX_VALUE, Position.START, true, 10))
                .extracting(StoredEvent::message).containsExactly("a0", "a1", "c", "a2");
        assertThat(store().readStream(g.id(), s1.id(), Long.MIN_VALUE, Long.MAX_VALUE, Position.END, false, 2))
                .extracting(StoredEvent::message).containsExactly("c", "a2");
        assertThat(store().scanGroup(g.id(), null, 101, 101, Position.START, 10))
                .extracting(StoredEvent::message).containsExactly("a1", "b", "c");
        assertThat(store().scanGroup(g.id(), Set.of(s1.id()), 0, Long.MAX_VALUE, Position.START, 10)).hasSize(4);
        assertThat(store().findGroup(account, "us-east-1", "g").orElseThrow().storedBytes())
                .isEqualTo(s1.storedBytes() + 1 + 26);
    }

    @Test
    void missingGroupOrStreamIsReportedNotCreated() {
        assertThat(catchThrowable(() -> store().appendTo(account, "us-east-1", "nope", "s", false, true,
                events(1, 1, "x"), 1, null))).isInstanceOf(LogStore.MissingGroup.class);
        group("g");
        assertThat(catchThrowable(() -> store().appendTo(account, "us-east-1", "g", "s", false, false,
                events(1, 1, "x"), 1, null))).isInstanceOf(LogStore.MissingStream.class);
        assertThat(store().listGroups(account, "us-east-1")).hasSize(1);
        store().appendTo(account, "us-east-1", "created", "s", true, true, events(1, 1, "x"), 1, null);
        assertThat(store().findGroup(account, "us-east-1", "created")).isPresent();
    }

    @Test
    void concurrentAppendsGetDistinctSequenceNumbers() throws Exception {
        Group g = group("g");
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            int id = t;
            futures.add(pool.submit(() -> {
                for (int i = 0; i < 20; i++) {
                    store().appendTo(account, "us-east-1", "g", "s" + (id % 2), false, true, events(i, 50, "t" + id),
                            1, null);
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        List<StoredEvent> all = store().scanGroup(g.id(), null, 0, Long.MAX_VALUE, Position.START, 10_000);
        assertThat(all).hasSize(6 * 20 * 50);
        assertThat(all.stream().map(StoredEvent::seq).distinct().count()).isEqualTo(all.size());
        assertThat(store().findGroup(account, "us-east-1", "g").orElseThrow().lastSeq()).isEqualTo(all.size());
    }

    @Test
    void expiryDeletesOldEventsAndFixesStreamStats() {
        Group g = group("g");
        store().appendTo(account, "us-east-1", "g", "s", false, true, events(100, 10, "e"), 1, null);
        assertThat(store().expireBefore(g.id(), 105)).isEqualTo(5);
        Stream s = store().findStream(g.id(), "s").orElseThrow();
        assertThat(s.firstEventTime()).isEqualTo(105);
        assertThat(s.storedBytes()).isEqualTo(5 * (2 + 26));
        assertThat(store().expireBefore(g.id(), 105)).isZero();
        assertThat(store().setRetention(g.id(), 7)).isTrue();
        assertThat(store().groupsWithRetention()).extracting(Group::id).contains(g.id());
    }

    @Test
    void deletingAStreamOrGroupDeletesItsEventsAndTags() {
        Group g = group("g");
        store().appendTo(account, "us-east-1", "g", "s", false, true, events(1, 5, "e"), 1, null);
        store().appendTo(account, "us-east-1", "g", "t", false, true, events(1, 5, "e"), 1, null);
        Stream s = store().findStream(g.id(), "s").orElseThrow();
        assertThat(store().deleteStream(g.id(), s.id())).isTrue();
        assertThat(store().scanGroup(g.id(), null, 0, Long.MAX_VALUE, Position.START, 100)).hasSize(5);
        store().tag(g.id(), Map.of("a", "1"), 50, new IllegalStateException());
        store().untag(g.id(), List.of("k"));
        assertThat(store().tags(g.id())).isEqualTo(Map.of("a", "1"));
        assertThat(store().deleteGroup(g.id())).isTrue();
        assertThat(store().scanGroup(g.id(), null, 0, Long.MAX_VALUE, Position.START, 100)).isEmpty();
        assertThat(store().tags(g.id())).isEmpty();
        assertThat(store().findGroup(account, "us-east-1", "g")).isEmpty();
    }
}
