package dev.homeport.runtime.docker;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Images the Docker tests run, built locally from busybox-static since no registry is reachable. */
public final class TestImages {

    public static final String BUSYBOX = "homeport-test/busybox:latest";
    public static final String INDEX_HTML = "hello from homeport";

    private static final String[] APPLETS = {
            "sh", "sleep", "httpd", "nc", "env", "cat", "echo", "ls", "id", "ip", "wget", "hostname",
            "test", "touch", "rm", "true", "false", "kill", "printf", "head", "tail", "date", "mkdir",
    };

    private TestImages() {
    }

    /** Builds {@link #BUSYBOX} once: /bin/busybox with applet symlinks, /tmp and /www/index.html. */
    public static void ensureBusybox(DockerConnection docker) {
        RootfsImage.busybox(Path.of("/bin/busybox"), APPLETS)
                .file("/www/index.html", (INDEX_HTML + "\n").getBytes(StandardCharsets.UTF_8), 0644)
                .cmd("/bin/sh")
                .label("dev.homeport.image", "test-busybox")
                .ensure(docker, BUSYBOX);
    }
}
