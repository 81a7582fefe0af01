package dev.homeport.secretsmanager;

import static org.assertj.core.api.Assertions.assertThat;

import dev.homeport.secretsmanager.model.Secret;
import dev.homeport.store.Database;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract over SQLite with the cache in front, plus what only the cache promises. */
class CachingSecretRepositoryTest extends SecretRepositoryContractTest {
    @TempDir
    Path dir;
    private Database db;
    private JdbcSecretRepository jdbc;
    private CachingSecretRepository cache;

    @BeforeEach
    void open() {
        db = Database.openDefault(dir);
        jdbc = new JdbcSecretRepository(db);
        cache = new CachingSecretRepository(jdbc);
    }

    @AfterEach
    void close() {
        cache.close();
        db.close();
    }

    @Override
    protected SecretRepository repository() {
        return cache;
    }

    @Override
    protected void awaitAccessWrites() {
        cache.awaitAccessWrites();
    }

    @Test
    void repeatedReadsAreServedFromMemory() {
        Secret s = created("hot");
        cache.findByName(account, REGION, "hot");
        cache.findVersionByStage(s.arn(), "AWSCURRENT");
        // Change the row behind the cache's back: the cache keeps answering from memory...
        jdbc.updateSecret(s.arn(), old -> old.toBuilder().description("changed underneath").build());
        assertThat(cache.findByName(account, REGION, "hot").orElseThrow().description()).isNull();
        assertThat(cache.findByArn(s.arn()).orElseThrow().description()).isNull();
        // ...until a write through the cache evicts it.
        cache.tagResource(s.arn(), java.util.List.of());
        assertThat(cache.findByArn(s.arn()).orElseThrow().description()).isEqualTo("changed underneath");
    }

    @Test
    void accessIsWrittenOncePerDay() {
        Secret s = created("daily");
        LocalDate day = LocalDate.of(2025, 6, 1);
        cache.recordAccess(s.arn(), "v1", day);
        cache.awaitAccessWrites();
        // Clear it behind the cache's back: a second access on the same day must not write again.
        jdbc.updateSecret(s.arn(), old -> old.toBuilder().lastAccessedDate(null).build());
        cache.recordAccess(s.arn(), "v1", day);
        cache.awaitAccessWrites();
        assertThat(jdbc.findByArn(s.arn()).orElseThrow().lastAccessedDate()).isNull();
        cache.recordAccess(s.arn(), "v1", day.plusDays(1));
        cache.awaitAccessWrites();
        assertThat(jdbc.findByArn(s.arn()).orElseThrow().lastAccessedDate()).isEqualTo(day.plusDays(1));
    }
}
