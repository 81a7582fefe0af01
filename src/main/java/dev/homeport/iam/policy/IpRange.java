package dev.homeport.iam.policy;

/**
 * An IPv4 or IPv6 CIDR block, for IpAddress / NotIpAddress ("the value must be in the standard CIDR format, for
 * example 203.0.113.0/24 or 2001:DB8:1234:5678::/64"; an address without a prefix length is a single address).
 * Parsed from literals by hand, so that nothing here ever resolves a host name. An IPv4-mapped IPv6 address
 * ({@code ::ffff:192.0.2.1}) is compared as the IPv4 address it carries.
 */
record IpRange(byte[] network, int prefixLength) {

    /** The block a policy value names, or null when it is not one. */
    static IpRange parse(String text) {
        String s = text.strip();
        int slash = s.indexOf('/');
        byte[] address = address(slash < 0 ? s : s.substring(0, slash));
        if (address == null) {
            return null;
        }
        int bits = address.length * 8;
        if (slash >= 0) {
            String suffix = s.substring(slash + 1);
            if (suffix.isEmpty() || suffix.length() > 3 || !digits(suffix)) {
                return null;
            }
            bits = Integer.parseInt(suffix);
            if (bits > address.length * 8) {
                return null;
            }
        }
        return new IpRange(address, bits);
    }

    boolean contains(byte[] address) {
        if (address == null || address.length != network.length) {
            return false;
        }
        int whole = prefixLength / 8;
        for (int i = 0; i < whole; i++) {
            if (address[i] != network[i]) {
                return false;
            }
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xFF << (8 - rest)) & 0xFF;
        return (address[whole] & mask) == (network[whole] & mask);
    }

    /** The bytes of an IPv4 (4) or IPv6 (16) literal, or null when the text is not one. */
    static byte[] address(String text) {
        String s = text.strip();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        if (s.indexOf(':') < 0) {
            return ipv4(s);
        }
        byte[] v6 = ipv6(s);
        if (v6 != null && isMappedIpv4(v6)) {
            return java.util.Arrays.copyOfRange(v6, 12, 16);
        }
        return v6;
    }

    /** Four decimal octets, parsed in place. */
    private static byte[] ipv4(String s) {
        byte[] out = new byte[4];
        int part = 0;
        int value = 0;
        int digits = 0;
        for (int i = 0; i <= s.length(); i++) {
            char c = i == s.length() ? '.' : s.charAt(i);
            if (c == '.') {
                if (part == 4 || digits == 0) {
                    return null;
                }
                out[part++] = (byte) value;
                value = 0;
                digits = 0;
            } else if (c >= '0' && c <= '9' && digits < 3) {
                value = value * 10 + (c - '0');
                digits++;
                if (value > 255) {
                    return null;
                }
            } else {
                return null;
            }
        }
        return part == 4 ? out : null;
    }

    /** Eight groups of up to four hex digits, one {@code ::} for a run of zero groups, an IPv4 tail allowed. */
    private static byte[] ipv6(String s) {
        int gap = s.indexOf("::");
        if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        byte[] head = gap < 0 ? groups(s, true) : groups(s.substring(0, gap), false);
        byte[] tail = gap < 0 ? new byte[0] : groups(s.substring(gap + 2), true);
        if (head == null || tail == null) {
            return null;
        }
        if (gap < 0 ? head.length != 16 : head.length + tail.length > 14) {
            return null;
        }
        byte[] out = new byte[16];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(tail, 0, out, 16 - tail.length, tail.length);
        return out;
    }

    /** The bytes of colon-separated groups; the last may be a dotted IPv4 address when {@code ipv4Tail}. */
    private static byte[] groups(String s, boolean ipv4Tail) {
        if (s.isEmpty()) {
            return new byte[0];
        }
        String[] parts = s.split(":", -1);
        byte[] out = new byte[parts.length * 2 + 2];
        int n = 0;
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (ipv4Tail && i == parts.length - 1 && p.indexOf('.') >= 0) {
                byte[] v4 = ipv4(p);
                if (v4 == null) {
                    return null;
                }
                System.arraycopy(v4, 0, out, n, 4);
                n += 4;
                continue;
            }
            if (p.isEmpty() || p.length() > 4) {
                return null;
            }
            int value = 0;
            for (int k = 0; k < p.length(); k++) {
                int digit = Character.digit(p.charAt(k), 16);
                if (digit < 0) {
                    return null;
                }
                value = value * 16 + digit;
            }
            out[n++] = (byte) (value >> 8);
            out[n++] = (byte) value;
        }
        return java.util.Arrays.copyOf(out, n);
    }

    private static boolean isMappedIpv4(byte[] v6) {
        for (int i = 0; i < 10; i++) {
            if (v6[i] != 0) {
                return false;
            }
        }
        return v6[10] == (byte) 0xFF && v6[11] == (byte) 0xFF;
    }

    private static boolean digits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return !s.isEmpty();
    }
}
