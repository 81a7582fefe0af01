package dev.homeport.ec2;

import com.google.re2j.Pattern;
import dev.homeport.protocol.AccessRule;
import dev.homeport.protocol.QueryParams;
import dev.homeport.protocol.QueryParams.Filter;
import dev.homeport.protocol.QueryServiceModule;
import dev.homeport.protocol.RequestContext;
import dev.homeport.protocol.Xml;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Amazon EC2 over the Query protocol (API version 2016-11-15): the read-only calls a Fargate user needs to find the
 * ids of the task network, DescribeVpcs, DescribeSubnets and DescribeSecurityGroups, answered from
 * {@link NetworkConfig}.
 */
public final class Ec2Module implements QueryServiceModule {
    public static final String NAMESPACE = "http://ec2.amazonaws.com/doc/2016-11-15/";

    private final NetworkConfig network;
    private final Map<String, QueryAction> operations = new LinkedHashMap<>();

    public Ec2Module(NetworkConfig network) {
        this.network = network;
        operations.put("DescribeVpcs", new QueryAction(AccessRule.any("ec2:DescribeVpcs"), this::describeVpcs));
        operations.put("DescribeSubnets", new QueryAction(AccessRule.any("ec2:DescribeSubnets"), this::describeSubnets));
        operations.put("DescribeSecurityGroups", new QueryAction(AccessRule.any("ec2:DescribeSecurityGroups"), this::describeSecurityGroups));
    }

    @Override
    public String signingName() {
        return "ec2";
    }

    @Override
    public String xmlNamespace() {
        return NAMESPACE;
    }

    @Override
    public Map<String, QueryAction> operations() {
        return operations;
    }

    public NetworkConfig network() {
        return network;
    }

    // ------------------------------------------------------------------ DescribeVpcs

    private void describeVpcs(RequestContext ctx, QueryParams in, Xml out) {
        List<NetworkConfig.Vpc> vpcs = byIds(network.vpcs(), in.list("VpcId"), NetworkConfig.Vpc::id,
                Ec2Errors::vpcNotFound);
        Map<String, BiFunction<NetworkConfig.Vpc, String, Boolean>> f = new LinkedHashMap<>();
        f.put("vpc-id", (v, p) -> glob(p, v.id()));
        f.put("cidr", (v, p) -> glob(p, v.cidr()));
        f.put("cidr-block-association.cidr-block", (v, p) -> glob(p, v.cidr()));
        f.put("is-default", (v, p) -> glob(p, String.valueOf(v.isDefault())));
        f.put("state", (v, p) -> glob(p, "available"));
        f.put("owner-id", (v, p) -> glob(p, ctx.accountId()));
        f.put("dhcp-options-id", (v, p) -> glob(p, dhcpOptions(v)));
        vpcs = filter(vpcs, in.filters(), f, NetworkConfig.Vpc::name);
        out.open("vpcSet");
        for (NetworkConfig.Vpc v : vpcs) {
            out.open("item")
                    .element("cidrBlock", v.cidr())
                    .element("dhcpOptionsId", dhcpOptions(v))
                    .element("state", "available")
                    .element("vpcId", v.id())
                    .element("ownerId", ctx.accountId())
                    .element("instanceTenancy", "default")
                    .open("cidrBlockAssociationSet").open("item")
                    .element("cidrBlock", v.cidr())
                    .element("associationId", "vpc-cidr-assoc-" + v.id().substring(4))
                    .open("cidrBlockState").element("state", "associated").close("cidrBlockState")
                    .close("item").close("cidrBlockAssociationSet")
                    .element("isDefault", v.isDefault());
            tags(out, v.name());
            out.close("item");
        }
        out.close("vpcSet");
    }

    private static String dhcpOptions(NetworkConfig.Vpc v) {
        return "dopt-" + v.id().substring(4);
    }

    // ------------------------------------------------------------------ DescribeSubnets

    private void describeSubnets(RequestContext ctx, QueryParams in, Xml out) {
        List<NetworkConfig.Subnet> subnets = byIds(network.subnets(), in.list("SubnetId"), NetworkConfig.Subnet::id,
                Ec2Errors::subnetNotFound);
        String region = ctx.region();
        Map<String, BiFunction<NetworkConfig.Subnet, String, Boolean>> f = new LinkedHashMap<>();
        f.put("subnet-id", (s, p) -> glob(p, s.id()));
        f.put("vpc-id", (s, p) -> glob(p, s.vpcId()));
        f.put("cidr", (s, p) -> glob(p, s.cidr()));
        f.put("cidr-block", (s, p) -> glob(p, s.cidr()));
        f.put("cidrBlock", (s, p) -> glob(p, s.cidr()));
        f.put("availability-zone", (s, p) -> glob(p, s.availabilityZone(region)));
        f.put("availabilityZone", (s, p) -> glob(p, s.availabilityZone(region)));
        f.put("availability-zone-id", (s, p) -> glob(p, azId(region, s)));
        f.put("default-for-az", (s, p) -> glob(p, String.valueOf(s.defaultForAz())));
        f.put("defaultForAz", (s, p) -> glob(p, String.valueOf(s.defaultForAz())));
        f.put("state", (s, p) -> glob(p, "available"));
        f.put("owner-id", (s, p) -> glob(p, ctx.accountId()));
        f.put("subnet-arn", (s, p) -> glob(p, subnetArn(ctx, s)));
        f.put("map-public-ip-on-launch", (s, p) -> glob(p, "false"));
        subnets = filter(subnets, in.filters(), f, NetworkConfig.Subnet::name);
        out.open("subnetSet");
        for (NetworkConfig.Subnet s : subnets) {
            out.open("item")
                    .element("subnetId", s.id())
                    .element("subnetArn", subnetArn(ctx, s))
                    .element("state", "available")
                    .element("ownerId", ctx.accountId())
                    .element("vpcId", s.vpcId())
                    .element("cidrBlock", s.cidr())
                    .empty("ipv6CidrBlockAssociationSet")
                    .element("availableIpAddressCount", s.availableIpAddressCount())
                    .element("availabilityZone", s.availabilityZone(region))
                    .element("availabilityZoneId", azId(region, s))
                    .element("defaultForAz", s.defaultForAz())
                    .element("mapPublicIpOnLaunch", false)
                    .element("assignIpv6AddressOnCreation", false)
                    .element("ipv6Native", false)
                    .element("mapCustomerOwnedIpOnLaunch", false);
            tags(out, s.name());
            out.close("item");
        }
        out.close("subnetSet");
    }

    private static String subnetArn(RequestContext ctx, NetworkConfig.Subnet s) {
        return "arn:aws:ec2:" + ctx.region() + ":" + ctx.accountId() + ":subnet/" + s.id();
    }

    /** AWS's zone ids look like {@code use1-az1}; Homeport names them after the region and the zone letter. */
    private static String azId(String region, NetworkConfig.Subnet s) {
        String[] p = region.split("-");
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < p.length - 1; i++) {
            b.append(p[i].isEmpty() ? "" : p[i].substring(0, Math.min(p[i].length(), i == 0 ? 2 : 1)));
        }
        b.append(p[p.length - 1]);
        return b + "-az" + (s.az().charAt(0) - 'a' + 1);
    }

    // ------------------------------------------------------------------ DescribeSecurityGroups

    private void describeSecurityGroups(RequestContext ctx, QueryParams in, Xml out) {
        List<NetworkConfig.SecurityGroup> groups = byIds(network.securityGroups(), in.list("GroupId"),
                NetworkConfig.SecurityGroup::id, Ec2Errors::groupNotFound);
        groups = byIds(groups, in.list("GroupName"), NetworkConfig.SecurityGroup::name, Ec2Errors::groupNotFound);
        Map<String, BiFunction<NetworkConfig.SecurityGroup, String, Boolean>> f = new LinkedHashMap<>();
        f.put("group-id", (g, p) -> glob(p, g.id()));
        f.put("group-name", (g, p) -> glob(p, g.name()));
        f.put("vpc-id", (g, p) -> glob(p, g.vpcId()));
        f.put("description", (g, p) -> glob(p, g.description()));
        f.put("owner-id", (g, p) -> glob(p, ctx.accountId()));
        f.put("egress.ip-permission.cidr", (g, p) -> glob(p, "0.0.0.0/0"));
        f.put("egress.ip-permission.protocol", (g, p) -> glob(p, "-1"));
        groups = filter(groups, in.filters(), f, NetworkConfig.SecurityGroup::name);
        out.open("securityGroupInfo");
        for (NetworkConfig.SecurityGroup g : groups) {
            out.open("item")
                    .element("ownerId", ctx.accountId())
                    .element("groupId", g.id())
                    .element("groupName", g.name())
                    .element("groupDescription", g.description())
                    .element("vpcId", g.vpcId())
                    .empty("ipPermissions")
                    .open("ipPermissionsEgress").open("item")
                    .element("ipProtocol", "-1")
                    .empty("groups")
                    .open("ipRanges").open("item").element("cidrIp", "0.0.0.0/0").close("item").close("ipRanges")
                    .empty("ipv6Ranges")
                    .empty("prefixListIds")
                    .close("item").close("ipPermissionsEgress")
                    .element("securityGroupArn", "arn:aws:ec2:" + ctx.region() + ":" + ctx.accountId()
                            + ":security-group/" + g.id());
            tags(out, g.name());
            out.close("item");
        }
        out.close("securityGroupInfo");
    }

    // ------------------------------------------------------------------ shared

    private static void tags(Xml out, String name) {
        out.open("tagSet").open("item").element("key", "Name").element("value", name).close("item").close("tagSet");
    }

    /** The resources with the given ids, in the order given; an unknown id fails the whole call, as in EC2. */
    private static <T> List<T> byIds(List<T> all, List<String> ids, Function<T, String> id,
                                     Function<String, RuntimeException> notFound) {
        if (ids.isEmpty()) {
            return all;
        }
        List<T> out = new ArrayList<>();
        for (String wanted : ids) {
            T found = all.stream().filter(t -> id.apply(t).equals(wanted)).findFirst()
                    .orElseThrow(() -> notFound.apply(wanted));
            if (!out.contains(found)) {
                out.add(found);
            }
        }
        return out;
    }

    /**
     * EC2's filter semantics: filters are ANDed, the values of one filter ORed; {@code *} and {@code ?} are
     * wildcards. {@code tag:<key>} and {@code tag-key} match the {@code Name} tag, the only tag Homeport sets.
     */
    private static <T> List<T> filter(List<T> items, List<Filter> filters,
                                      Map<String, BiFunction<T, String, Boolean>> known, Function<T, String> name) {
        List<T> out = new ArrayList<>(items);
        for (Filter filter : filters) {
            BiFunction<T, String, Boolean> match;
            if (filter.name().startsWith("tag:")) {
                String key = filter.name().substring(4);
                match = (t, p) -> "Name".equals(key) && glob(p, name.apply(t));
            } else if (filter.name().equals("tag-key")) {
                match = (t, p) -> glob(p, "Name");
            } else if (filter.name().equals("tag-value")) {
                match = (t, p) -> glob(p, name.apply(t));
            } else {
                match = known.get(filter.name());
                if (match == null) {
                    throw Ec2Errors.invalidFilter(filter.name());
                }
            }
            BiFunction<T, String, Boolean> m = match;
            out.removeIf(t -> filter.values().stream().noneMatch(v -> m.apply(t, v)));
        }
        return out;
    }

    /**
     * A filter value with wildcards against a value, through RE2/J: the filter value comes from the caller,
     * and with a backtracking matcher {@code *a*a*a*a*b} costs the value's length to the power of its stars.
     */
    static boolean glob(String pattern, String value) {
        if (value == null) {
            return false;
        }
        if (pattern.indexOf('*') < 0 && pattern.indexOf('?') < 0) {
            return pattern.equals(value);
        }
        StringBuilder re = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.matches(re.toString(), value);
    }
}
