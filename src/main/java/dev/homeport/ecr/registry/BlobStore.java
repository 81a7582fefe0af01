package dev.homeport.ecr.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The registry's content, as files: every blob (layer, config, manifest) once, named by its SHA-256 digest
 * ({@code blobs/sha256/<2 hex>/<64 hex>}), and uploads in progress ({@code uploads/<uuid>}).
 *
 * <p>What a client sends is hashed while it is written, so the digest a client claims is checked without reading the
 * data again, and memory stays bounded whatever the size. A blob becomes visible only complete and verified: the
 * upload file is synced, then moved into place in one rename; a push killed halfway leaves an upload file, never a
 * half blob, and upload files are removed when the store opens (an upload does not survive a restart: the client
 * pushes that blob again). Which repositories may see a blob is the metadata's business, not this store's.
 */
public final class BlobStore {
    /** {@code sha256:} and 64 lowercase hex digits: the only digest algorithm accepted (as ECR). */
    public static final Pattern DIGEST = Pattern.compile("sha256:[a-f0-9]{64}");
    private static final HexFormat HEX = HexFormat.of();

    private final Path blobs;
    private final Path uploads;
    /** The uploads in progress, with the running hash of what each holds. */
    private final Map<String, Upload> open = new ConcurrentHashMap<>();

    /** An upload in progress: its file, the hash of what it holds, its length. */
    private static final class Upload {
        final MessageDigest sha256;
        long size;

        Upload(MessageDigest sha256, long size) {
            this.sha256 = sha256;
            this.size = size;
        }
    }

    public BlobStore(Path root) {
        this.blobs = root.resolve("blobs").resolve("sha256");
        this.uploads = root.resolve("uploads");
        try {
            Files.createDirectories(blobs);
            Files.createDirectories(uploads);
            try (var left = Files.list(uploads)) {
                for (Path p : left.toList()) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The blob's file, if the store holds it. */
    public Optional<Path> find(String digest) {
        if (!DIGEST.matcher(digest).matches()) {
            return Optional.empty();
        }
        Path p = path(digest);
        return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }

    /** The blob's size in bytes, if the store holds it. */
    public Optional<Long> size(String digest) {
        return find(digest).map(p -> {
            try {
                return Files.size(p);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Starts an upload: its id (a UUID, which the registry's upload URL carries). */
    public String startUpload() {
        String id = UUID.randomUUID().toString();
        try {
            Files.createFile(uploads.resolve(id));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        open.put(id, new Upload(sha256(), 0));
        return id;
    }

    /** The bytes an upload holds so far; empty for an unknown (finished, cancelled, never started) upload. */
    public Optional<Long> uploaded(String id) {
        return upload(id).map(u -> u.size);
    }

    /**
     * Appends what {@code in} holds to the upload, hashing it on the way.
     *
     * @return the upload's size after the append; empty for an unknown upload
     */
    public Optional<Long> append(String id, InputStream in) throws IOException {
        Optional<Upload> found = upload(id);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Upload u = found.get();
        synchronized (u) {
            try (OutputStream out = Files.newOutputStream(uploads.resolve(id), StandardOpenOption.APPEND)) {
                byte[] buffer = new byte[64 * 1024];
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                    u.sha256.update(buffer, 0, n);
                    u.size += n;
                }
            } catch (IOException e) {
                // what was written is no longer known to match the hash: the client starts again
                cancel(id);
                throw e;
            }
            return Optional.of(u.size);
        }
    }

    /** What {@link #complete} found. */
    public enum Completion { STORED, DIGEST_MISMATCH, UNKNOWN_UPLOAD }

    /**
     * Ends an upload as the blob {@code digest}: stored when what was uploaded has that digest (then the upload is
     * gone); otherwise nothing is stored and the upload is removed (the registry answers DIGEST_INVALID, and a client
     * starts again).
     */
    public Completion complete(String id, String digest) throws IOException {
        Optional<Upload> found = upload(id);
        if (found.isEmpty()) {
            return Completion.UNKNOWN_UPLOAD;
        }
        Upload u = found.get();
        Path file = uploads.resolve(id);
        synchronized (u) {
            // the upload ends here either way, so its running hash is finished rather than copied
            String actual = "sha256:" + HEX.formatHex(u.sha256.digest());
            if (!actual.equals(digest)) {
                cancel(id);
                return Completion.DIGEST_MISMATCH;
            }
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Path target = path(digest);
            Files.createDirectories(target.getParent());
            try {
                Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException e) {
                // pushed before: the same bytes are there; touched, so the collector sees it as just stored
                Files.deleteIfExists(file);
                Files.setLastModifiedTime(target, java.nio.file.attribute.FileTime.from(java.time.Instant.now()));
            }
            open.remove(id);
            return Completion.STORED;
        }
    }

    /** Removes an upload and what it holds; nothing happens for an unknown one. */
    public void cancel(String id) {
        open.remove(id);
        if (isUploadId(id)) {
            try {
                Files.deleteIfExists(uploads.resolve(id));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * Stores {@code bytes} (a manifest) as a blob, under its own digest; returns that digest.
     */
    public String put(byte[] bytes) throws IOException {
        String digest = digest(bytes);
        if (find(digest).isPresent()) {
            return digest;
        }
        String id = startUpload();
        append(id, new java.io.ByteArrayInputStream(bytes));
        complete(id, digest);
        return digest;
    }

    /** Removes a blob no manifest refers to any more (the caller knows). */
    public void delete(String digest) {
        find(digest).ifPresent(p -> {
            try {
                Files.deleteIfExists(p);
            } catch (NoSuchFileException e) {
                // removed meanwhile
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Every blob's digest, with its file's last change, for the collector. */
    public Map<String, java.time.Instant> list() {
        Map<String, java.time.Instant> out = new java.util.HashMap<>();
        try (var files = Files.walk(blobs, 2)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                String digest = "sha256:" + p.getFileName();
                if (DIGEST.matcher(digest).matches()) {
                    out.put(digest, Files.getLastModifiedTime(p).toInstant());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    public static String digest(byte[] bytes) {
        return "sha256:" + HEX.formatHex(sha256().digest(bytes));
    }

    private Optional<Upload> upload(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(open.get(id));
    }

    private static boolean isUploadId(String id) {
        try {
            return id != null && UUID.fromString(id).toString().equals(id);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private Path path(String digest) {
        String hex = digest.substring("sha256:".length());
        return blobs.resolve(hex.substring(0, 2)).resolve(hex);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
