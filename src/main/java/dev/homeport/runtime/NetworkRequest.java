package dev.homeport.runtime;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where a task's network interface goes (ECS awsvpc: one subnet per task's ENI).
 *
 * @param subnetId    the subnet id (e.g. {@code subnet-0a1b2c3d}); the Docker driver keeps one
 *                    network per subnet, named {@code homeport-<subnetId>}, created on demand
 * @param cidr        the subnet's IPv4 CIDR, e.g. {@code 10.200.11.0/24}; must stay the same for a subnet id
 * @param requestedIp a specific private IP inside {@code cidr}, or {@code null} to let the driver pick one
 */
public record NetworkRequest(String subnetId, String cidr, String requestedIp) {

    private static final Pattern SUBNET_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");
    private static final Pattern CIDR = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}/\\d{1,2}");

    /**
     * Homeport's default subnet when the caller names none: the first subnet of the default network configuration
     * ({@code dev.homeport.ec2.NetworkConfig#defaults()}, whose test checks the two agree).
     */
    public static final NetworkRequest DEFAULT = new NetworkRequest("subnet-c2e00bed35b3a0d6d", "10.200.11.0/24", null);

    public NetworkRequest {
        Objects.requireNonNull(subnetId, "subnetId");
        Objects.requireNonNull(cidr, "cidr");
        if (!SUBNET_ID.matcher(subnetId).matches()) {
            // it becomes part of a Docker network name, which allows only these characters
            throw new IllegalArgumentException("invalid subnet id: " + subnetId);
        }
        if (!CIDR.matcher(cidr).matches()) {
            throw new IllegalArgumentException("invalid IPv4 CIDR: " + cidr);
        }
    }

    public NetworkRequest withRequestedIp(String ip) {
        return new NetworkRequest(subnetId, cidr, ip);
    }
}
