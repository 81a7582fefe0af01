package dev.homeport.ecr.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.homeport.ecr.EcrStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Storing a manifest as an image of a repository: what a registry {@code PUT /v2/<name>/manifests/<reference>} and
 * ECR's PutImage both do. A manifest must be JSON of schema version 2 in one of the four media types ECR takes (Docker
 * v2 schema 2, OCI image manifest, Docker manifest list, OCI image index), refer only to blobs the repository holds (an
 * index: only to manifests it holds), match the digest it is put under, and not move a tag of an immutable
 * repository. Each refusal is a {@link Problem} of a {@link Kind}, which the registry answers with the specification's
 * code and the API with ECR's exception.
 */
public final class Manifests {
    /** ECR's largest manifest (ImageManifest: 4 MiB). */
    public static final int MAX_BYTES = 4 * 1024 * 1024;
    static final Pattern TAG = Pattern.compile("[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}");
    static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    private static final Set<String> IMAGE_MANIFESTS = Set.of(DOCKER_MANIFEST, OCI_MANIFEST);
    private static final Set<String> INDEXES = Set.of(DOCKER_LIST, OCI_INDEX);
    private static final ObjectMapper JSON = new ObjectMapper();

    public enum Kind { INVALID, DIGEST_MISMATCH, BLOBS_UNKNOWN, TAG_INVALID, TAG_IMMUTABLE }

    /** Why a manifest was not stored; {@code missing} lists the blobs (or manifests) it refers to that are not there. */
    public static final class Problem extends Exception {
        private final Kind kind;
        private final List<String> missing;

        Problem(Kind kind, String message, List<String> missing) {
            super(message, null, false, false);
            this.kind = kind;
            this.missing = List.copyOf(missing);
        }

        public Kind kind() {
            return kind;
        }

        public List<String> missing() {
            return missing;
        }
    }

    /** A stored manifest: its digest and media type, and the subject it refers to (OCI referrers), or null. */
    public record Stored(String digest, String mediaType, String subject) {
    }

    private final BlobStore blobs;
    private final EcrStore store;
    private final Clock clock;

    public Manifests(BlobStore blobs, EcrStore store, Clock clock) {
        this.blobs = blobs;
        this.store = store;
        this.clock = clock;
    }

    /**
     * Checks and stores {@code body} as an image of {@code r}, tagged {@code tag} (or untagged: null).
     *
     * @param digest      the digest it is put under, or null
     * @param contentType the media type the client sent it as, used when the manifest names none; or null
     */
    public Stored put(EcrStore.Repository r, String tag, String digest, byte[] body, String contentType)
            throws Problem {
        if (tag != null && !TAG.matcher(tag).matches()) {
            throw new Problem(Kind.TAG_INVALID, "invalid tag '" + tag + "'", List.of());
        }
        if (body.length > MAX_BYTES) {
            throw new Problem(Kind.INVALID, "manifest invalid: larger than 4 MiB", List.of());
        }
        String actual = BlobStore.digest(body);
        if (digest != null && !digest.equals(actual)) {
            throw new Problem(Kind.DIGEST_MISMATCH, "provided digest did not match uploaded content", List.of());
        }
        JsonNode manifest;
        try {
            manifest = JSON.readTree(body);
        } catch (IOException e) {
            throw new Problem(Kind.INVALID, "manifest invalid: not JSON", List.of());
        }
        if (manifest == null || !manifest.isObject() || manifest.path("schemaVersion").asInt() != 2) {
            throw new Problem(Kind.INVALID, "manifest invalid: schemaVersion must be 2", List.of());
        }
        String mediaType = manifest.path("mediaType").asText(contentType == null ? ""
                : contentType.split(";")[0].strip());
        if (!IMAGE_MANIFESTS.contains(mediaType) && !INDEXES.contains(mediaType)) {
            throw new Problem(Kind.INVALID, "manifest invalid: unsupported media type '" + mediaType + "'", List.of());
        }
        long size = body.length;
        List<String> referenced = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        String artifactType = null;
        if (IMAGE_MANIFESTS.contains(mediaType)) {
            List<JsonNode> descriptors = new ArrayList<>();
            descriptors.add(manifest.path("config"));
            manifest.path("layers").forEach(descriptors::add);
            for (JsonNode d : descriptors) {
                String blob = d.path("digest").asText();
                Optional<Long> blobSize = store.layerSize(r.id(), blob);
                if (blobSize.isEmpty()) {
                    missing.add(blob);
                } else {
                    size += blobSize.get();
                    referenced.add(blob);
                }
            }
            artifactType = manifest.path("artifactType").isTextual() ? manifest.path("artifactType").asText()
                    : manifest.path("config").path("mediaType").asText(null);
        } else {
            for (JsonNode d : manifest.path("manifests")) {
                String child = d.path("digest").asText();
                if (store.findImage(r.id(), child).isEmpty()) {
                    missing.add(child);
                } else {
                    referenced.add(child);
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new Problem(Kind.BLOBS_UNKNOWN, "blob unknown to registry: " + missing.getFirst(), missing);
        }
        if (tag != null && "IMMUTABLE".equals(r.tagMutability())) {
            Optional<String> current = store.tagged(r.id(), tag);
            if (current.isPresent() && !current.get().equals(actual)) {
                throw new Problem(Kind.TAG_IMMUTABLE, "The image tag '" + tag + "' already exists in the '" + r.name()
                        + "' repository and cannot be overwritten because the repository is immutable.", List.of());
            }
        }
        String subject = manifest.path("subject").path("digest").asText(null);
        try {
            blobs.put(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        store.putImage(r.id(), new EcrStore.NewImage(actual, mediaType, artifactType, size, subject, referenced), tag,
                clock.millis());
        return new Stored(actual, mediaType, subject);
    }
}
