package dev.homeport.http;

import java.net.InetAddress;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which {@code Host} headers Homeport answers. This closes DNS rebinding: a web page on {@code evil.example} that
 * makes its name resolve to 127.0.0.1 can make the browser send requests to Homeport, but the browser still
 * sends {@code Host: evil.example}, which is refused here, so the page can neither read the console nor call the
 * API.
 *
 * <p>Answered: any IP address literal (a rebinding attack always carries its own name, never an address, so an
 * address is safe whichever interface or gateway it names: loopback, the bound address, a task network's
 * gateway), {@code localhost} and its subdomains (RFC 6761 reserves them for loopback), the machine's own host
 * name, {@code host.docker.internal} (Docker's name for the host, used from containers), and the names the
 * operator configured. Matching ignores case, the port and a trailing dot. Immutable.
 */
public final class HostCheck {
    private static final Pattern IPV6 = Pattern.compile("\\[[0-9a-fA-F:.]+(%[0-9A-Za-z._~-]+)?]");

    private final Set<String> names;

    /** @param configured extra names (e.g. {@code homeport.internal}) the server is reached by */
    public HostCheck(Set<String> configured) {
        Set<String> all = new HashSet<>();
        all.add("localhost");
        all.add("host.docker.internal");
        try {
            all.add(InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT));
        } catch (java.io.IOException e) {
            // no resolvable host name: only the other names and addresses are answered
        }
        for (String name : configured) {
            all.add(normalize(name));
        }
        this.names = Set.copyOf(all);
    }

    /** True when a request with this {@code Host} header value (null when absent) is answered. */
    public boolean allows(String hostHeader) {
        if (hostHeader == null || hostHeader.isBlank()) {
            return false;
        }
        String host = hostHeader.strip();
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end > 0 && IPV6.matcher(host.substring(0, end + 1)).matches()
                    && (end == host.length() - 1 || isPort(host.substring(end + 1)));
        }
        int colon = host.indexOf(':');
        if (colon >= 0) {
            if (!isPort(host.substring(colon))) {
                return false;
            }
            host = host.substring(0, colon);
        }
        host = normalize(host);
        return isIpv4(host) || names.contains(host) || host.endsWith(".localhost");
    }

    /** The names answered besides addresses and {@code *.localhost}, for the refusal message and the docs. */
    public Set<String> names() {
        return names;
    }

    /** Four dot-separated groups of one to three digits (checked by hand: every request asks). */
    private static boolean isIpv4(String host) {
        int groups = 0;
        int digits = 0;
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c >= '0' && c <= '9') {
                if (++digits > 3) {
                    return false;
                }
            } else if (c == '.' && digits > 0 && groups < 3) {
                groups++;
                digits = 0;
            } else {
                return false;
            }
        }
        return groups == 3 && digits > 0;
    }

    private static boolean isPort(String colonAndPort) {
        return colonAndPort.length() > 1 && colonAndPort.length() <= 6 && colonAndPort.charAt(0) == ':'
                && colonAndPort.substring(1).chars().allMatch(Character::isDigit);
    }

    private static String normalize(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }
}
