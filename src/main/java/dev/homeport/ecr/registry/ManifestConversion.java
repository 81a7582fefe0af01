package dev.homeport.ecr.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * ECR's manifest conversion on a pull by tag: when the client's {@code Accept} does not include the stored image
 * manifest's media type but includes the other of Docker v2 schema 2 and the OCI image manifest, ECR answers the
 * manifest converted to that one ("Container image manifest format support in Amazon ECR"). The two formats describe
 * the same image with different media types, so a conversion renames the manifest's, its config's and its layers'
 * types and keeps every digest and size; the converted manifest has a digest of its own. ECR converts nothing on a
 * pull by digest, nor manifest lists and indexes; a manifest with anything the other format cannot name (an OCI
 * artifact, a zstd or uncompressed layer) is answered as stored.
 */
final class ManifestConversion {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
    private static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
    /** Each Docker media type inside an image manifest and its OCI counterpart. */
    private static final Map<String, String> DOCKER_TO_OCI = Map.of(
            Manifests.DOCKER_MANIFEST, Manifests.OCI_MANIFEST,
            DOCKER_CONFIG, OCI_CONFIG,
            "application/vnd.docker.image.rootfs.diff.tar.gzip", "application/vnd.oci.image.layer.v1.tar+gzip",
            "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip",
            "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip");
    private static final Map<String, String> OCI_TO_DOCKER = invert(DOCKER_TO_OCI);

    private ManifestConversion() {
    }

    /** A manifest in the format a client asked for. */
    record Converted(byte[] body, String mediaType) {
    }

    /**
     * The stored manifest converted for a client that sent {@code accept}, or empty when it is answered as stored: the
     * client accepts the stored type (or anything, or sent no {@code Accept}), or no conversion applies.
     */
    static Optional<Converted> forClient(byte[] stored, String storedType, String accept) {
        if (accept == null || accept.isBlank() || accepts(accept, storedType) || accepts(accept, "*/*")) {
            return Optional.empty();
        }
        Map<String, String> renames;
        if (storedType.equals(Manifests.DOCKER_MANIFEST) && accepts(accept, Manifests.OCI_MANIFEST)) {
            renames = DOCKER_TO_OCI;
        } else if (storedType.equals(Manifests.OCI_MANIFEST) && accepts(accept, Manifests.DOCKER_MANIFEST)) {
            renames = OCI_TO_DOCKER;
        } else {
            return Optional.empty();
        }
        ObjectNode manifest;
        try {
            manifest = (ObjectNode) JSON.readTree(stored);
        } catch (IOException | ClassCastException e) {
            return Optional.empty();
        }
        // An OCI artifact (its own artifactType, or a config that is not an image's) has no Docker form.
        if (manifest.has("artifactType") || manifest.has("subject")) {
            return Optional.empty();
        }
        String target = renames.get(storedType);
        manifest.put("mediaType", target);
        if (!rename(manifest.path("config"), renames)) {
            return Optional.empty();
        }
        for (JsonNode layer : manifest.path("layers")) {
            if (!rename(layer, renames)) {
                return Optional.empty();
            }
        }
        try {
            return Optional.of(new Converted(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest), target));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    /** Renames a descriptor's media type; false when the other format has no name for it. */
    private static boolean rename(JsonNode descriptor, Map<String, String> renames) {
        String renamed = renames.get(descriptor.path("mediaType").asText());
        if (!(descriptor instanceof ObjectNode o) || renamed == null) {
            return false;
        }
        o.put("mediaType", renamed);
        return true;
    }

    /** Whether an {@code Accept} header (a comma-separated list, possibly with parameters) names {@code type}. */
    private static boolean accepts(String accept, String type) {
        for (String part : accept.split(",")) {
            int semicolon = part.indexOf(';');
            if ((semicolon < 0 ? part : part.substring(0, semicolon)).strip().equalsIgnoreCase(type)) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, String> invert(Map<String, String> map) {
        Map<String, String> inverted = new java.util.HashMap<>();
        map.forEach((k, v) -> inverted.put(v, k));
        return Map.copyOf(inverted);
    }
}
