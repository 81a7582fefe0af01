package dev.homeport.logs;

import dev.homeport.protocol.Access;
import dev.homeport.protocol.AccessRule;
import dev.homeport.protocol.RequestContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The permissions of CloudWatch Logs' operations (<i>Service Authorization Reference</i>, Amazon CloudWatch Logs):
 * {@code logs:<Operation>} on the log group ({@code arn:aws:logs:<region>:<account>:log-group:<name>}) or, for the
 * calls on one stream, the stream ({@code …:log-group:<name>:log-stream:<stream>}). A group named by ARN keeps the
 * ARN's account, so another account's group is refused at the edge (Logs has no resource policies on groups).
 */
final class LogsAccess {
    private LogsAccess() {
    }

    /** An action on the group named by a name or an ARN. */
    static <I> AccessRule<I> onGroup(String operation, Function<I, String> group) {
        return (ctx, in) -> List.of(Access.to("logs:" + operation, group(ctx, group.apply(in))));
    }

    /** An action on the group named by {@code logGroupIdentifier} (a name or an ARN), else by {@code logGroupName}. */
    static <I> AccessRule<I> onGroup(String operation, Function<I, String> identifier, Function<I, String> name) {
        return (ctx, in) -> {
            String id = identifier.apply(in);
            return List.of(Access.to("logs:" + operation, group(ctx, id != null ? id : name.apply(in))));
        };
    }

    /** An action on one stream of a group. */
    static <I> AccessRule<I> onStream(String operation, Function<I, String> group, Function<I, String> stream) {
        return (ctx, in) -> List.of(Access.to("logs:" + operation,
                stripWildcard(group(ctx, group.apply(in))) + ":log-stream:" + nullToEmpty(stream.apply(in))));
    }

    /** CreateLogGroup and TagLogGroup/TagResource: the group, with the tags the request sets. */
    static <I> AccessRule<I> onTaggedGroup(String operation, Function<I, String> group,
                                           Function<I, Map<String, String>> tags, Function<I, List<String>> tagKeys) {
        return (ctx, in) -> {
            Map<String, List<String>> keys = Access.requestTags(tags.apply(in));
            List<String> removed = tagKeys.apply(in);
            if (removed != null) {
                keys.put("aws:TagKeys", List.copyOf(removed));
            }
            return List.of(Access.to("logs:" + operation, group(ctx, group.apply(in))).withConditionKeys(keys));
        };
    }

    /** DescribeLogGroups: every group of the region, and each group it names by identifier. */
    static AccessRule<LogsShapes.DescribeLogGroupsRequest> describeLogGroups() {
        return (ctx, in) -> {
            List<Access> out = new ArrayList<>();
            out.add(Access.to("logs:DescribeLogGroups", group(ctx, "*")));
            if (in.logGroupIdentifiers() != null) {
                for (String id : in.logGroupIdentifiers()) {
                    out.add(Access.to("logs:DescribeLogGroups", group(ctx, id)));
                }
            }
            return out;
        };
    }

    /** A group's ARN as IAM names it: an ARN given is kept as it is, a name is a group of the caller's region. */
    static String group(RequestContext ctx, String identifier) {
        if (identifier != null && identifier.startsWith("arn:")) {
            return identifier;
        }
        return "arn:aws:logs:" + ctx.region() + ":" + ctx.accountId() + ":log-group:" + nullToEmpty(identifier);
    }

    /** DescribeLogGroups answers group ARNs ending in {@code :*}; a stream's ARN follows the bare group ARN. */
    private static String stripWildcard(String groupArn) {
        return groupArn.endsWith(":*") ? groupArn.substring(0, groupArn.length() - 2) : groupArn;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
