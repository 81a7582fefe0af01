package dev.homeport.ecr;

import dev.homeport.ecr.registry.BlobCollector;
import dev.homeport.ecr.registry.BlobStore;
import dev.homeport.store.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The registry's storage, run against every database ({@link #open}): blobs hashed on the way in and visible only
 * whole, the records of repositories, images and tags, and the collector that removes what nothing refers to.
 */
abstract class EcrStoreContract {
    Database db;
    EcrStore store;
    BlobStore blobs;
    Path dir;

    abstract Database open(Path dir) throws Exception;

    @BeforeEach
    void setUp() throws Exception {
        dir = Files.createTempDirectory("ecr-store");
        db = open(dir);
        store = new EcrStore(db);
        blobs = new BlobStore(dir.resolve("registry"));
    }

    @AfterEach
    void tearDown() throws Exception {
        db.close();
        dev.homeport.testing.HomeportServer.deleteRecursively(dir);
    }

    String upload(String content) throws Exception {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        String id = blobs.startUpload();
        blobs.append(id, new ByteArrayInputStream(bytes, 0, bytes.length / 2));
        blobs.append(id, new ByteArrayInputStream(bytes, bytes.length / 2, bytes.length - bytes.length / 2));
        String digest = BlobStore.digest(bytes);
        assertThat(blobs.complete(id, digest)).isEqualTo(BlobStore.Completion.STORED);
        return digest;
    }

    @Test
    void aBlobIsStoredOnlyUnderItsOwnDigest() throws Exception {
        String id = blobs.startUpload();
        blobs.append(id, new ByteArrayInputStream("layer".getBytes(StandardCharsets.UTF_8)));
        String wrong = BlobStore.digest("other".getBytes(StandardCharsets.UTF_8));
        assertThat(blobs.complete(id, wrong)).isEqualTo(BlobStore.Completion.DIGEST_MISMATCH);
        assertThat(blobs.find(wrong)).isEmpty();
        assertThat(blobs.uploaded(id)).isEmpty(); // the upload is gone: the client starts again
        try (var left = Files.list(dir.resolve("registry/uploads"))) {
            assertThat(left).isEmpty();
        }

        String digest = upload("a layer's bytes");
        assertThat(blobs.size(digest)).contains((long) "a layer's bytes".length());
        assertThat(blobs.complete("not-an-upload", digest)).isEqualTo(BlobStore.Completion.UNKNOWN_UPLOAD);
        // An upload in progress does not survive a restart: its file is removed, no blob appears.
        String pending = blobs.startUpload();
        blobs.append(pending, new ByteArrayInputStream(new byte[100]));
        BlobStore reopened = new BlobStore(dir.resolve("registry"));
        assertThat(reopened.uploaded(pending)).isEmpty();
        assertThat(reopened.find(digest)).isPresent();
    }

    @Test
    void imagesTagsAndTheCollector() throws Exception {
        var repo = store.createRepository("000000000000", "us-east-1", "app", 1L, "MUTABLE", false, "AES256", null,
                Map.of("team", "a")).orElseThrow();
        assertThat(store.createRepository("000000000000", "us-east-1", "app", 2L, "MUTABLE", false, "AES256", null,
                Map.of())).isEmpty();
        assertThat(store.findRepository("000000000000", "eu-west-1", "app")).isEmpty();
        assertThat(store.findRepository("111111111111", "us-east-1", "app")).isEmpty();

        String layer = upload("layer-1");
        String orphan = upload("pushed but never used");
        store.addLayer(repo.id(), layer, 7, 0);
        store.addLayer(repo.id(), orphan, 21, 0);
        String manifest = blobs.put("{\"schemaVersion\":2}".getBytes(StandardCharsets.UTF_8));
        assertThat(store.putImage(repo.id(), new EcrStore.NewImage(manifest, "m", null, 30, null, List.of(layer)),
                "v1", 10)).isEmpty();
        assertThat(store.tagged(repo.id(), "v1")).contains(manifest);
        assertThat(store.images(repo.id())).singleElement().satisfies(i -> assertThat(i.tags()).containsExactly("v1"));

        // Two hours later: the unused layer is collected; the image's layer and manifest stay.
        Clock later = Clock.fixed(Instant.now().plus(Duration.ofHours(2)), ZoneOffset.UTC);
        assertThat(new BlobCollector(blobs, store, later).collect()).isEqualTo(1);
        assertThat(blobs.find(orphan)).isEmpty();
        assertThat(store.layerSize(repo.id(), orphan)).isEmpty();
        assertThat(blobs.find(layer)).isPresent();
        assertThat(blobs.find(manifest)).isPresent();

        // Once the image is deleted, its layer and manifest go too.
        assertThat(store.deleteImage(repo.id(), manifest)).isTrue();
        assertThat(store.tagged(repo.id(), "v1")).isEmpty();
        assertThat(new BlobCollector(blobs, store, later).collect()).isEqualTo(2);
        assertThat(blobs.find(layer)).isEmpty();

        assertThat(store.deleteRepository(repo.id())).isTrue();
        assertThat(store.listRepositories("000000000000", "us-east-1")).isEmpty();
    }
}
