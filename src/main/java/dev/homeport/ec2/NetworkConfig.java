package dev.homeport.ec2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Homeport's task network, as a user configures it: VPCs with their subnets and security groups. Read-only at run
 * time (EC2's Describe* calls show it; RunTask places tasks in it). The same network is visible in every account and
 * region; availability zones are named after the request's region ({@code <region>a}).
 *
 * <p>Ids are stable: given in the file, or derived from the names (SHA-256 of {@code homeport:<kind>:<name>}, 17 hex
 * digits), so they survive restarts without being stored. The default mirrors AWS's "Fargate with Secrets Manager"
 * workshop: VPC 10.200.0.0/16 with subnets 10.200.11.0/24 ({@code <region>a}) and 10.200.12.0/24
 * ({@code <region>b}) and one security group, {@code homeport-default}.
 *
 * <p>File format (JSON, {@code --network-config} / {@code HOMEPORT_NETWORK_CONFIG}):
 * <pre>{"vpcs": [{"name": "homeport", "cidr": "10.200.0.0/16", "id": "vpc-... (optional)",
 *   "subnets": [{"name": "homeport-a", "cidr": "10.200.11.0/24", "az": "a", "id": "subnet-... (optional)"}],
 *   "securityGroups": [{"name": "homeport-default", "description": "...", "id": "sg-... (optional)"}]}]}</pre>
 */
public record NetworkConfig(List<Vpc> vpcs) {
    private static final Pattern CIDR = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");
    private static final Pattern VPC_ID = Pattern.compile("vpc-[0-9a-f]{8,17}");
    private static final Pattern SUBNET_ID = Pattern.compile("subnet-[0-9a-f]{8,17}");
    private static final Pattern SG_ID = Pattern.compile("sg-[0-9a-f]{8,17}");

    public record Vpc(String id, String name, String cidr, boolean isDefault, List<Subnet> subnets,
                      List<SecurityGroup> securityGroups) {
    }

    /** @param az the availability zone's letter; the zone is {@code <region><az>} */
    public record Subnet(String id, String name, String cidr, String az, String vpcId, boolean defaultForAz) {
        public String availabilityZone(String region) {
            return region + az;
        }

        /** Addresses AWS would offer: the block minus the network, broadcast and 3 reserved addresses. */
        public int availableIpAddressCount() {
            int prefix = Integer.parseInt(cidr.substring(cidr.indexOf('/') + 1));
            return Math.max(0, (1 << (32 - prefix)) - 5);
        }
    }

    public record SecurityGroup(String id, String name, String description, String vpcId) {
    }

    public NetworkConfig {
        vpcs = List.copyOf(vpcs);
        Set<String> ids = new HashSet<>();
        for (Vpc v : vpcs) {
            requireUnique(ids, v.id());
            v.subnets().forEach(s -> requireUnique(ids, s.id()));
            v.securityGroups().forEach(g -> requireUnique(ids, g.id()));
        }
    }

    /** The workshop's network. */
    public static NetworkConfig defaults() {
        String vpc = derive("vpc", "homeport");
        return new NetworkConfig(List.of(new Vpc(vpc, "homeport", "10.200.0.0/16", false,
                List.of(new Subnet(derive("subnet", "homeport-a"), "homeport-a", "10.200.11.0/24", "a", vpc, false),
                        new Subnet(derive("subnet", "homeport-b"), "homeport-b", "10.200.12.0/24", "b", vpc, false)),
                List.of(new SecurityGroup(derive("sg", "homeport-default"), "homeport-default",
                        "Homeport default security group (all traffic allowed; not enforced)", vpc)))));
    }

    /** Reads the file format above; a mistake is an {@link IllegalArgumentException} naming the member. */
    public static NetworkConfig load(Path file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(Files.readAllBytes(file));
        if (root == null || !root.path("vpcs").isArray() || root.path("vpcs").isEmpty()) {
            throw new IllegalArgumentException(file + ": expected {\"vpcs\": [ ... ]} with at least one VPC");
        }
        List<Vpc> vpcs = new ArrayList<>();
        for (JsonNode v : root.path("vpcs")) {
            String name = required(v, "name", "vpc");
            String cidr = cidr(required(v, "cidr", "vpc " + name), "vpc " + name);
            String id = id(v, VPC_ID, "vpc", name);
            List<Subnet> subnets = new ArrayList<>();
            for (JsonNode s : v.path("subnets")) {
                String sn = required(s, "name", "subnet of vpc " + name);
                String sc = cidr(required(s, "cidr", "subnet " + sn), "subnet " + sn);
                if (!contains(cidr, sc)) {
                    throw new IllegalArgumentException("subnet " + sn + ": " + sc + " is not inside " + cidr);
                }
                String az = s.path("az").asText("a");
                if (!az.matches("[a-z]")) {
                    throw new IllegalArgumentException("subnet " + sn + ": az must be one letter, like \"a\"");
                }
                subnets.add(new Subnet(id(s, SUBNET_ID, "subnet", sn), sn, sc, az, id,
                        s.path("defaultForAz").asBoolean(false)));
            }
            List<SecurityGroup> groups = new ArrayList<>();
            for (JsonNode g : v.path("securityGroups")) {
                String gn = required(g, "name", "security group of vpc " + name);
                groups.add(new SecurityGroup(id(g, SG_ID, "sg", gn), gn,
                        g.path("description").asText(gn), id));
            }
            vpcs.add(new Vpc(id, name, cidr, v.path("isDefault").asBoolean(false), subnets, groups));
        }
        return new NetworkConfig(vpcs);
    }

    public List<Subnet> subnets() {
        return vpcs.stream().flatMap(v -> v.subnets().stream()).toList();
    }

    public List<SecurityGroup> securityGroups() {
        return vpcs.stream().flatMap(v -> v.securityGroups().stream()).toList();
    }

    public Optional<Subnet> subnet(String id) {
        return subnets().stream().filter(s -> s.id().equals(id)).findFirst();
    }

    public Optional<SecurityGroup> securityGroup(String id) {
        return securityGroups().stream().filter(g -> g.id().equals(id)).findFirst();
    }

    public Optional<Vpc> vpc(String id) {
        return vpcs.stream().filter(v -> v.id().equals(id)).findFirst();
    }

    /** {@code <kind>-} and 17 hex digits of SHA-256({@code homeport:<kind>:<name>}). */
    static String derive(String kind, String name) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256")
                    .digest(("homeport:" + kind + ":" + name).getBytes(StandardCharsets.UTF_8));
            return kind + "-" + HexFormat.of().formatHex(d).substring(0, 17);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String id(JsonNode node, Pattern pattern, String kind, String name) {
        String id = node.path("id").asText(null);
        if (id == null) {
            return derive(kind, name);
        }
        if (!pattern.matcher(id).matches()) {
            throw new IllegalArgumentException(kind + " " + name + ": id '" + id + "' must look like " + kind
                    + "- and 8 or 17 lower-case hex digits");
        }
        return id;
    }

    private static String required(JsonNode node, String member, String what) {
        String v = node.path(member).asText(null);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(what + ": \"" + member + "\" is required");
        }
        return v;
    }

    private static String cidr(String value, String what) {
        var m = CIDR.matcher(value);
        if (!m.matches() || Integer.parseInt(m.group(5)) > 28 || Integer.parseInt(m.group(5)) < 16) {
            throw new IllegalArgumentException(what + ": '" + value + "' is not an IPv4 CIDR block from /16 to /28");
        }
        for (int i = 1; i <= 4; i++) {
            if (Integer.parseInt(m.group(i)) > 255) {
                throw new IllegalArgumentException(what + ": '" + value + "' is not an IPv4 CIDR block");
            }
        }
        return value;
    }

    static long address(String cidr) {
        String[] p = cidr.substring(0, cidr.indexOf('/')).split("\\.");
        return (Long.parseLong(p[0]) << 24) | (Long.parseLong(p[1]) << 16) | (Long.parseLong(p[2]) << 8)
                | Long.parseLong(p[3]);
    }

    static boolean contains(String outer, String inner) {
        int op = Integer.parseInt(outer.substring(outer.indexOf('/') + 1));
        int ip = Integer.parseInt(inner.substring(inner.indexOf('/') + 1));
        long mask = op == 0 ? 0 : (0xFFFFFFFFL << (32 - op)) & 0xFFFFFFFFL;
        return ip >= op && (address(outer) & mask) == (address(inner) & mask);
    }

    private static void requireUnique(Set<String> ids, String id) {
        if (!ids.add(id)) {
            throw new IllegalArgumentException("network id " + id + " is used twice");
        }
    }
}
