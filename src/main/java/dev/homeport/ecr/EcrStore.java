package dev.homeport.ecr;

import dev.homeport.store.Database;
import dev.homeport.store.Sql;
import dev.homeport.store.Transactions;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * ECR's records in the relational store ({@code V11__ecr.sql}): repositories and their tags, images (manifests by
 * digest), image tags, the blobs each image refers to, and the blobs each repository holds. The bytes are the
 * registry's {@code BlobStore}'s. Thread-safe; each method is one transaction or joins the caller's; "missing" is
 * empty or {@code false}, AWS's errors are the caller's to throw.
 */
public final class EcrStore {

    public record Repository(long id, String account, String region, String name, long createdAt,
                             String tagMutability, boolean scanOnPush, String encryptionType, String kmsKey,
                             String policy, String lifecyclePolicy, Long lifecycleEvaluatedAt) {
    }

    /** An image: a manifest in a repository, with its tags (sorted). */
    public record Image(long repositoryId, String digest, String mediaType, String artifactType, long sizeBytes,
                        long pushedAt, Long lastPulledAt, String subject, List<String> tags) {
    }

    /** A manifest being stored: what it is, and the blobs it refers to (which the repository must hold). */
    public record NewImage(String digest, String mediaType, String artifactType, long sizeBytes, String subject,
                           List<String> blobs) {
    }

    private static final String REPOSITORY_SELECT = "SELECT id, account_id, region, name, created_at, tag_mutability, "
            + "scan_on_push, encryption_type, kms_key, policy, lifecycle_policy, lifecycle_evaluated_at FROM ecr_repository";

    private final Transactions tx;

    public EcrStore(Database database) {
        this.tx = database.transactions();
    }

    // ---------------------------------------------------------------- repositories

    /** A new repository; empty when the name is taken in that account and region. */
    public Optional<Repository> createRepository(String account, String region, String name, long createdAt,
                                                 String tagMutability, boolean scanOnPush, String encryptionType,
                                                 String kmsKey, Map<String, String> tags) {
        return tx.inTransaction(c -> {
            long id = Sql.randomId();
            if (Sql.update(c, "INSERT INTO ecr_repository (id, account_id, region, name, created_at, tag_mutability, "
                    + "scan_on_push, encryption_type, kms_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                    + "ON CONFLICT (account_id, region, name) DO NOTHING", id, account, region, name, createdAt,
                    tagMutability, scanOnPush ? 1 : 0, encryptionType, kmsKey) == 0) {
                return Optional.empty();
            }
            for (Map.Entry<String, String> t : tags.entrySet()) {
                Sql.update(c, "INSERT INTO ecr_repository_tag (repository_id, tag_key, tag_value) VALUES (?, ?, ?)",
                        id, t.getKey(), t.getValue());
            }
            return Optional.of(new Repository(id, account, region, name, createdAt, tagMutability, scanOnPush,
                    encryptionType, kmsKey, null, null, null));
        });
    }

    public Optional<Repository> findRepository(String account, String region, String name) {
        return tx.read(c -> Sql.queryOne(c, REPOSITORY_SELECT + " WHERE account_id = ? AND region = ? AND name = ?",
                EcrStore::repository, account, region, name));
    }

    /** The repositories of an account and region, by name. */
    public List<Repository> listRepositories(String account, String region) {
        List<Repository> out = new ArrayList<>(tx.read(c -> Sql.query(c,
                REPOSITORY_SELECT + " WHERE account_id = ? AND region = ?", EcrStore::repository, account, region)));
        out.sort(Comparator.comparing(Repository::name));
        return out;
    }

    public boolean deleteRepository(long id) {
        return tx.inTransaction(c -> {
            for (String table : List.of("ecr_layer", "ecr_image_blob", "ecr_image_tag", "ecr_image",
                    "ecr_repository_tag")) {
                Sql.update(c, "DELETE FROM " + table + " WHERE repository_id = ?", id);
            }
            return Sql.update(c, "DELETE FROM ecr_repository WHERE id = ?", id) > 0;
        });
    }

    /** Sets (or, with null, removes) the repository's policy. */
    public void setPolicy(long id, String policy) {
        tx.inTransaction(c -> Sql.update(c, "UPDATE ecr_repository SET policy = ? WHERE id = ?", policy, id));
    }

    /** Sets (or, with null, removes) the repository's lifecycle policy. */
    public void setLifecyclePolicy(long id, String policy) {
        tx.inTransaction(c -> Sql.update(c, "UPDATE ecr_repository SET lifecycle_policy = ?, "
                + "lifecycle_evaluated_at = NULL WHERE id = ?", policy, id));
    }

    public void lifecycleEvaluated(long id, long at) {
        tx.inTransaction(c -> Sql.update(c, "UPDATE ecr_repository SET lifecycle_evaluated_at = ? WHERE id = ?", at,
                id));
    }

    /** Every repository with a lifecycle policy, in every account and region. */
    public List<Repository> withLifecyclePolicies() {
        return tx.read(c -> Sql.query(c, REPOSITORY_SELECT + " WHERE lifecycle_policy IS NOT NULL",
                EcrStore::repository));
    }

    public void setTagMutability(long id, String tagMutability) {
        tx.inTransaction(c -> Sql.update(c, "UPDATE ecr_repository SET tag_mutability = ? WHERE id = ?",
                tagMutability, id));
    }

    public Map<String, String> repositoryTags(long id) {
        Map<String, String> out = new LinkedHashMap<>();
        tx.read(c -> {
            Sql.forEach(c, "SELECT tag_key, tag_value FROM ecr_repository_tag WHERE repository_id = ? ORDER BY tag_key",
                    r -> out.put(r.getString(1), r.getString(2)), id);
            return null;
        });
        return out;
    }

    public void tagRepository(long id, Map<String, String> tags) {
        tx.inTransaction(c -> {
            for (Map.Entry<String, String> t : tags.entrySet()) {
                Sql.update(c, "DELETE FROM ecr_repository_tag WHERE repository_id = ? AND tag_key = ?", id, t.getKey());
                Sql.update(c, "INSERT INTO ecr_repository_tag (repository_id, tag_key, tag_value) VALUES (?, ?, ?)",
                        id, t.getKey(), t.getValue());
            }
            return null;
        });
    }

    public void untagRepository(long id, List<String> keys) {
        tx.inTransaction(c -> {
            for (String k : keys) {
                Sql.update(c, "DELETE FROM ecr_repository_tag WHERE repository_id = ? AND tag_key = ?", id, k);
            }
            return null;
        });
    }

    // ---------------------------------------------------------------- blobs of a repository

    /** Records that a repository holds a blob (uploaded to it, or mounted). */
    public void addLayer(long repositoryId, String digest, long size, long at) {
        tx.inTransaction(c -> Sql.update(c, "INSERT INTO ecr_layer (repository_id, digest, size_bytes, created_at) "
                + "VALUES (?, ?, ?, ?) ON CONFLICT (repository_id, digest) DO NOTHING", repositoryId, digest, size, at));
    }

    /** The size of a blob the repository holds; empty when it holds none with that digest. */
    public Optional<Long> layerSize(long repositoryId, String digest) {
        return tx.read(c -> Sql.queryOne(c, "SELECT size_bytes FROM ecr_layer WHERE repository_id = ? AND digest = ?",
                r -> r.getLong(1), repositoryId, digest));
    }

    /**
     * Forgets the blobs repositories hold that no image of theirs refers to any more and that were uploaded before
     * {@code uploadedBefore} (a push uploads its layers before its manifest: younger ones are left alone).
     */
    public int forgetUnreferencedLayers(long uploadedBefore) {
        return tx.inTransaction(c -> Sql.update(c, "DELETE FROM ecr_layer WHERE created_at < ? AND NOT EXISTS "
                + "(SELECT 1 FROM ecr_image_blob b WHERE b.repository_id = ecr_layer.repository_id "
                + "AND b.blob_digest = ecr_layer.digest) AND NOT EXISTS (SELECT 1 FROM ecr_image i "
                + "WHERE i.repository_id = ecr_layer.repository_id AND i.digest = ecr_layer.digest)", uploadedBefore));
    }

    /** Whether any repository still holds or refers to the blob (else its file may go). */
    public boolean blobInUse(String digest) {
        return tx.read(c -> Sql.queryOne(c, "SELECT 1 FROM ecr_layer WHERE digest = ? UNION ALL "
                + "SELECT 1 FROM ecr_image WHERE digest = ? UNION ALL SELECT 1 FROM ecr_image_blob WHERE blob_digest = ?",
                r -> 1, digest, digest, digest).isPresent());
    }

    // ---------------------------------------------------------------- images and tags

    /**
     * Stores a manifest as an image of the repository, and points {@code tag} (when given) at it.
     *
     * @return the digest the tag pointed at before (empty when it is new or had none)
     */
    public Optional<String> putImage(long repositoryId, NewImage image, String tag, long at) {
        return tx.inTransaction(c -> {
            Sql.update(c, "INSERT INTO ecr_image (repository_id, digest, media_type, artifact_type, size_bytes, "
                    + "pushed_at, subject) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (repository_id, digest) DO NOTHING",
                    repositoryId, image.digest(), image.mediaType(), image.artifactType(), image.sizeBytes(), at,
                    image.subject());
            for (String blob : image.blobs()) {
                Sql.update(c, "INSERT INTO ecr_image_blob (repository_id, image_digest, blob_digest) VALUES (?, ?, ?) "
                        + "ON CONFLICT (repository_id, image_digest, blob_digest) DO NOTHING", repositoryId,
                        image.digest(), blob);
            }
            Sql.update(c, "INSERT INTO ecr_layer (repository_id, digest, size_bytes, created_at) VALUES (?, ?, ?, ?) "
                    + "ON CONFLICT (repository_id, digest) DO NOTHING", repositoryId, image.digest(), 0L, at);
            if (tag == null) {
                return Optional.<String>empty();
            }
            Optional<String> before = tagged(c, repositoryId, tag);
            Sql.update(c, "DELETE FROM ecr_image_tag WHERE repository_id = ? AND tag = ?", repositoryId, tag);
            Sql.update(c, "INSERT INTO ecr_image_tag (repository_id, tag, digest) VALUES (?, ?, ?)", repositoryId, tag,
                    image.digest());
            return before;
        });
    }

    /** The digest a tag points at. */
    public Optional<String> tagged(long repositoryId, String tag) {
        return tx.read(c -> tagged(c, repositoryId, tag));
    }

    private static Optional<String> tagged(Connection c, long repositoryId, String tag) throws SQLException {
        return Sql.queryOne(c, "SELECT digest FROM ecr_image_tag WHERE repository_id = ? AND tag = ?",
                r -> r.getString(1), repositoryId, tag);
    }

    public Optional<Image> findImage(long repositoryId, String digest) {
        return images(repositoryId).stream().filter(i -> i.digest().equals(digest)).findFirst();
    }

    /** Every image of the repository, oldest push first, each with its tags. */
    public List<Image> images(long repositoryId) {
        return tx.read(c -> {
            Map<String, List<String>> tags = new LinkedHashMap<>();
            Sql.forEach(c, "SELECT digest, tag FROM ecr_image_tag WHERE repository_id = ?",
                    r -> tags.computeIfAbsent(r.getString(1), k -> new ArrayList<>()).add(r.getString(2)), repositoryId);
            List<Image> out = Sql.query(c, "SELECT digest, media_type, artifact_type, size_bytes, pushed_at, "
                    + "last_pulled_at, subject FROM ecr_image WHERE repository_id = ?", r -> {
                        List<String> t = new ArrayList<>(tags.getOrDefault(r.getString(1), List.of()));
                        t.sort(null);
                        long pulled = r.getLong(6);
                        return new Image(repositoryId, r.getString(1), r.getString(2), r.getString(3), r.getLong(4),
                                r.getLong(5), r.wasNull() ? null : pulled, r.getString(7), List.copyOf(t));
                    }, repositoryId);
            out = new ArrayList<>(out);
            out.sort(Comparator.comparingLong(Image::pushedAt).thenComparing(Image::digest));
            return out;
        });
    }

    /** Removes a tag; true when it existed. */
    public boolean untag(long repositoryId, String tag) {
        return tx.inTransaction(c -> Sql.update(c, "DELETE FROM ecr_image_tag WHERE repository_id = ? AND tag = ?",
                repositoryId, tag) > 0);
    }

    /** Removes an image, its tags and its references to blobs; true when it existed. */
    public boolean deleteImage(long repositoryId, String digest) {
        return tx.inTransaction(c -> {
            Sql.update(c, "DELETE FROM ecr_image_tag WHERE repository_id = ? AND digest = ?", repositoryId, digest);
            Sql.update(c, "DELETE FROM ecr_image_blob WHERE repository_id = ? AND image_digest = ?", repositoryId,
                    digest);
            Sql.update(c, "DELETE FROM ecr_layer WHERE repository_id = ? AND digest = ?", repositoryId, digest);
            return Sql.update(c, "DELETE FROM ecr_image WHERE repository_id = ? AND digest = ?", repositoryId,
                    digest) > 0;
        });
    }

    public void pulled(long repositoryId, String digest, long at) {
        tx.inTransaction(c -> Sql.update(c, "UPDATE ecr_image SET last_pulled_at = ? WHERE repository_id = ? "
                + "AND digest = ?", at, repositoryId, digest));
    }

    private static Repository repository(java.sql.ResultSet r) throws SQLException {
        return new Repository(r.getLong(1), r.getString(2), r.getString(3), r.getString(4), r.getLong(5),
                r.getString(6), r.getInt(7) != 0, r.getString(8), r.getString(9), r.getString(10), r.getString(11),
                r.getObject(12) == null ? null : r.getLong(12));
    }
}
