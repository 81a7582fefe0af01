package dev.homeport.cloudtrail;

import dev.homeport.store.Database;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The event history's paging over batch rows: whatever the batches (events of a row older than the next row's, the
 * same millisecond in several rows, rows over {@link TrailStore#BATCH}), paging through LookupEvents' window gives
 * exactly the events a sorted list would, newest first, each once.
 */
class TrailStorePropertiesTest {
    private static final Instant BASE = Instant.parse("2026-11-01T00:00:00Z");
    private static final AtomicInteger ACCOUNTS = new AtomicInteger();
    private static Path dir;
    private static Database database;
    private static TrailStore store;

    @BeforeContainer
    static void open() throws Exception {
        dir = Files.createTempDirectory("homeport-trail");
        database = Database.openDefault(dir);
        store = new TrailStore(database);
    }

    @AfterContainer
    static void close() throws Exception {
        database.close();
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Events as the recorder writes them: each write holds what was queued, in no particular time order. */
    @Property(tries = 40)
    void pagesAreTheSortedEventsEachOnce(@ForAll("writes") List<List<Event>> writes,
                                         @ForAll @IntRange(min = 1, max = 50) int limit,
                                         @ForAll("names") String wanted,
                                         @ForAll @IntRange(min = 0, max = 100) int startOffset,
                                         @ForAll @IntRange(min = 0, max = 100) int endOffset) {
        String account = String.format("%012d", ACCOUNTS.incrementAndGet());
        List<TrailEvent> all = new ArrayList<>();
        for (List<Event> write : writes) {
            List<TrailEvent> events = write.stream().map(e -> e.of(account)).toList();
            store.insert(events);
            all.addAll(events);
        }
        store.insert(List.of(new Event(0, "GetSecretValue").of("999999999999"))); // another account's
        Instant start = BASE.plusMillis(Math.min(startOffset, endOffset));
        Instant end = BASE.plusMillis(Math.max(startOffset, endOffset));
        Predicate<TrailEvent> filter = wanted.equals("*") ? e -> true
                : CloudTrailModule.attribute("EventName", wanted);

        List<TrailEvent> expected = all.stream()
                .filter(e -> !e.time().isBefore(start) && !e.time().isAfter(end) && filter.test(e))
                .sorted(TrailStore.NEWEST_FIRST).toList();
        List<TrailEvent> paged = new ArrayList<>();
        TrailStore.Cursor after = null;
        while (true) {
            List<TrailEvent> page = store.page(account, "us-east-1", start, end, filter, after, limit);
            assertThat(page.size()).isLessThanOrEqualTo(limit);
            paged.addAll(page);
            if (page.size() < limit) {
                break;
            }
            TrailEvent last = page.getLast();
            after = new TrailStore.Cursor(last.time(), last.eventId());
        }
        assertThat(paged).extracting(TrailEvent::eventId).containsExactlyElementsOf(
                expected.stream().map(TrailEvent::eventId).toList());
    }

    @Example
    void aLargeWriteIsSplitIntoRowsAndEveryEventKeepsItsFields() {
        String account = String.format("%012d", ACCOUNTS.incrementAndGet());
        List<TrailEvent> events = IntStream.range(0, TrailStore.BATCH * 2 + 7)
                .mapToObj(i -> new Event(i % 500, i % 3 == 0 ? "PutSecretValue" : "GetSecretValue").of(account))
                .toList();
        store.insert(events);
        List<TrailEvent> page = store.page(account, "us-east-1", BASE, BASE.plusSeconds(1), e -> true, null, 50);
        assertThat(page).hasSize(50);
        TrailEvent newest = page.getFirst();
        TrailEvent original = events.stream().filter(e -> e.eventId().equals(newest.eventId())).findFirst().orElseThrow();
        assertThat(newest).isEqualTo(original);
        int rows = database.transactions().read(c -> dev.homeport.store.Sql.queryOne(c,
                "SELECT COUNT(*) FROM cloudtrail_batch WHERE account_id = ?", rs -> rs.getInt(1), account)).orElseThrow();
        assertThat(rows).isEqualTo(3);
    }

    /** Of two events of the same millisecond in two rows, the smaller id comes first, whichever row is read first. */
    @Example
    void theSameMillisecondInTwoRowsIsOrderedById() {
        String account = String.format("%012d", ACCOUNTS.incrementAndGet());
        TrailEvent later = new Event(10, "GetSecretValue").of(account, "0190f0f0-0000-7000-8000-00000000000b");
        TrailEvent first = new Event(10, "GetSecretValue").of(account, "0190f0f0-0000-7000-8000-00000000000a");
        store.insert(List.of(later));
        store.insert(List.of(first));
        assertThat(store.page(account, "us-east-1", BASE, BASE.plusSeconds(1), e -> true, null, 1))
                .extracting(TrailEvent::eventId).containsExactly(first.eventId());
    }

    @Provide
    Arbitrary<List<List<Event>>> writes() {
        // Few milliseconds, many small writes: events of one millisecond end up in several rows.
        Arbitrary<Event> event = Combinators.combine(Arbitraries.integers().between(0, 100), names())
                .as(Event::new);
        return event.list().ofMaxSize(12).list().ofMinSize(1).ofMaxSize(30);
    }

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.of("*", "GetSecretValue", "PutSecretValue", "CreateSecret");
    }

    /** An event {@code offset} ms after BASE, with a fresh id. */
    record Event(int offset, String name) {
        TrailEvent of(String account) {
            return of(account, CloudTrailRecorder.eventId(BASE.plusMillis(offset).toEpochMilli()));
        }

        TrailEvent of(String account, String eventId) {
            Instant time = BASE.plusMillis(offset);
            String eventName = name.equals("*") ? "ListSecrets" : name;
            return new TrailEvent(eventId, account, "us-east-1", time,
                    eventName, "secretsmanager.amazonaws.com", CloudTrailRecorder.isReadOnly(eventName), "root",
                    "test", List.of(new TrailEvent.TrailResource("AWS::SecretsManager::Secret",
                    "arn:aws:secretsmanager:us-east-1:" + account + ":secret:s-AbCdEf")), "Root",
                    "arn:aws:iam::" + account + ":root", account, "127.0.0.1", "aws-cli/2 ✓", "r-" + offset,
                    offset % 7 == 0 ? "AccessDeniedException" : null, offset % 7 == 0 ? "denied" : null,
                    offset % 2 == 0 ? null : "{\"secretId\":\"s\"}");
        }
    }
}
