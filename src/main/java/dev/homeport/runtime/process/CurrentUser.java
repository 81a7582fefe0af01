package dev.homeport.runtime.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;

/** The server's own user and group, the only identity the process driver can run tasks as. */
record CurrentUser(String name, int uid, String group, int gid) {

    private static volatile CurrentUser current;

    static CurrentUser get() {
        CurrentUser u = current;
        if (u == null) {
            current = u = read();
        }
        return u;
    }

    private static CurrentUser read() {
        // /proc/self is owned by the process's effective uid and gid
        Path self = Path.of("/proc/self");
        try {
            PosixFileAttributes attrs = Files.readAttributes(self, PosixFileAttributes.class);
            int uid = (Integer) Files.getAttribute(self, "unix:uid");
            int gid = (Integer) Files.getAttribute(self, "unix:gid");
            return new CurrentUser(attrs.owner().getName(), uid, attrs.group().getName(), gid);
        } catch (IOException | UnsupportedOperationException e) {
            return new CurrentUser(System.getProperty("user.name"), -1, "", -1);
        }
    }

    /** True when an ECS {@code user} value ({@code user}, {@code uid}, {@code user:group}, {@code uid:gid}) is us. */
    boolean matches(String spec) {
        String[] parts = spec.split(":", 2);
        boolean userOk = parts[0].equals(name) || parts[0].equals(Integer.toString(uid));
        boolean groupOk = parts.length == 1 || parts[1].equals(group) || parts[1].equals(Integer.toString(gid));
        return userOk && groupOk;
    }

    @Override
    public String toString() {
        return name + " (uid " + uid + ")";
    }
}
