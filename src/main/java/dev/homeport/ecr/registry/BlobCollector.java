package dev.homeport.ecr.registry;

import dev.homeport.ecr.EcrStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Removes the blobs nothing refers to any more, in the background (as ECR deletes layers no image uses): first a
 * repository's record of a blob no image of it refers to, an hour after its upload (a push uploads its layers before
 * the manifest that refers to them, and a client may mount them into another repository meanwhile); then the file
 * of a blob no repository records, when it is older than that too (so a blob stored a moment ago, whose record is
 * being written, is never taken).
 */
public final class BlobCollector {
    static final Duration GRACE = Duration.ofHours(1);

    private final BlobStore blobs;
    private final EcrStore store;
    private final Clock clock;

    public BlobCollector(BlobStore blobs, EcrStore store, Clock clock) {
        this.blobs = blobs;
        this.store = store;
        this.clock = clock;
    }

    /** One pass; returns how many blob files were removed. */
    public int collect() {
        Instant before = clock.instant().minus(GRACE);
        store.forgetUnreferencedLayers(before.toEpochMilli());
        int removed = 0;
        for (Map.Entry<String, Instant> blob : blobs.list().entrySet()) {
            if (blob.getValue().isBefore(before) && !store.blobInUse(blob.getKey())) {
                blobs.delete(blob.getKey());
                removed++;
            }
        }
        return removed;
    }
}
