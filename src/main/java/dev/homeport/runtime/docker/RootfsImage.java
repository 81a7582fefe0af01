package dev.homeport.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * A tiny image built {@code FROM scratch} out of local files, through the engine's build API: no registry
 * is reachable where Homeport runs, and the legacy builder needs no network for {@code FROM scratch}.
 * Typical content: a static {@code busybox} binary plus symlinks for its applets.
 *
 * <p>The build context is a tar with a Dockerfile and a {@code rootfs/} directory copied to {@code /}.
 * Not thread-safe while being configured; {@link #ensure} is safe to call concurrently.
 */
public final class RootfsImage {

    private static final ConcurrentHashMap<String, Object> BUILD_LOCKS = new ConcurrentHashMap<>();

    private record Entry(byte[] content, String linkTarget, int mode, boolean directory) {
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final Map<String, String> labels = new LinkedHashMap<>();
    private List<String> cmd = List.of();

    /** An image with {@code busybox} at {@code /bin/busybox} and {@code /bin/<applet>} symlinks, plus /tmp. */
    public static RootfsImage busybox(Path busyboxBinary, String... applets) {
        RootfsImage image = new RootfsImage();
        try {
            image.file("/bin/busybox", Files.readAllBytes(busyboxBinary), 0755);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + busyboxBinary + " (Debian package busybox-static)", e);
        }
        for (String applet : applets) {
            image.symlink("/bin/" + applet, "busybox");
        }
        return image.directory("/tmp", 01777);
    }

    public RootfsImage file(String path, byte[] content, int mode) {
        entries.put(path, new Entry(content, null, mode, false));
        return this;
    }

    public RootfsImage symlink(String path, String target) {
        entries.put(path, new Entry(null, target, 0777, false));
        return this;
    }

    public RootfsImage directory(String path, int mode) {
        entries.put(path, new Entry(null, null, mode, true));
        return this;
    }

    public RootfsImage cmd(String... argv) {
        this.cmd = List.of(argv);
        return this;
    }

    /** An image label. Containers inherit image labels, so never use {@link Labels#ROLE} here. */
    public RootfsImage label(String key, String value) {
        labels.put(key, value);
        return this;
    }

    /** Builds the image under {@code tag} unless an image with that tag exists. @return the image id */
    public String ensure(DockerConnection docker, String tag) {
        synchronized (BUILD_LOCKS.computeIfAbsent(tag, t -> new Object())) {
            try {
                return docker.control().inspectImageCmd(tag).exec().getId();
            } catch (NotFoundException e) {
                return build(docker.streaming(), tag);
            }
        }
    }

    private String build(DockerClient client, String tag) {
        try (var context = new ByteArrayInputStream(contextTar())) {
            return client.buildImageCmd(context)
                    .withTags(java.util.Set.of(tag))
                    .withPull(false)
                    .withRemove(true)
                    .exec(new BuildImageResultCallback())
                    .awaitImageId();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String dockerfile() {
        StringBuilder df = new StringBuilder("FROM scratch\nCOPY rootfs/ /\n");
        if (!labels.isEmpty()) {
            df.append("LABEL ").append(labels.entrySet().stream()
                    .map(e -> quote(e.getKey()) + "=" + quote(e.getValue())).collect(Collectors.joining(" "))).append('\n');
        }
        if (!cmd.isEmpty()) {
            df.append("CMD [").append(cmd.stream().map(RootfsImage::quote).collect(Collectors.joining(","))).append("]\n");
        }
        return df.toString();
    }

    private static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private byte[] contextTar() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            put(tar, "Dockerfile", dockerfile().getBytes(StandardCharsets.UTF_8), 0644);
            for (String dir : parentDirectories()) {
                TarArchiveEntry e = new TarArchiveEntry("rootfs" + dir + "/");
                e.setMode(0755);
                tar.putArchiveEntry(e);
                tar.closeArchiveEntry();
            }
            for (Map.Entry<String, Entry> e : entries.entrySet()) {
                String name = "rootfs" + e.getKey();
                Entry entry = e.getValue();
                if (entry.directory()) {
                    TarArchiveEntry t = new TarArchiveEntry(name + "/");
                    t.setMode(entry.mode());
                    tar.putArchiveEntry(t);
                    tar.closeArchiveEntry();
                } else if (entry.linkTarget() != null) {
                    TarArchiveEntry t = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
                    t.setLinkName(entry.linkTarget());
                    tar.putArchiveEntry(t);
                    tar.closeArchiveEntry();
                } else {
                    put(tar, name, entry.content(), entry.mode());
                }
            }
        }
        return bytes.toByteArray();
    }

    /** Parent directories of every entry that are not entries themselves, shallowest first. */
    private List<String> parentDirectories() {
        List<String> dirs = new ArrayList<>();
        for (String path : entries.keySet()) {
            for (Path p = Path.of(path).getParent(); p != null && !p.toString().equals("/"); p = p.getParent()) {
                String dir = p.toString();
                if (!dirs.contains(dir) && !entries.containsKey(dir)) {
                    dirs.add(dir);
                }
            }
        }
        dirs.sort(java.util.Comparator.comparingInt(String::length));
        return dirs;
    }

    private static void put(TarArchiveOutputStream tar, String name, byte[] content, int mode) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(content.length);
        e.setMode(mode);
        tar.putArchiveEntry(e);
        tar.write(content);
        tar.closeArchiveEntry();
    }
}
