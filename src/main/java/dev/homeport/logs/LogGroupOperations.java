package dev.homeport.logs;

import dev.homeport.common.PageTokens;
import dev.homeport.logs.LogStore.Group;
import dev.homeport.logs.LogsShapes.CreateLogGroupRequest;
import dev.homeport.logs.LogsShapes.DeleteLogGroupRequest;
import dev.homeport.logs.LogsShapes.DeleteRetentionPolicyRequest;
import dev.homeport.logs.LogsShapes.DescribeLogGroupsRequest;
import dev.homeport.logs.LogsShapes.DescribeLogGroupsResponse;
import dev.homeport.logs.LogsShapes.PutRetentionPolicyRequest;
import dev.homeport.protocol.Access;
import dev.homeport.protocol.AccessRule;
import dev.homeport.protocol.OperationRegistry;
import dev.homeport.protocol.RequestContext;
import dev.homeport.protocol.Validation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** CreateLogGroup, DeleteLogGroup, DescribeLogGroups, PutRetentionPolicy, DeleteRetentionPolicy. */
final class LogGroupOperations {
    private static final List<String> CLASSES = List.of("STANDARD", "INFREQUENT_ACCESS", "DELIVERY");

    private final LogsService service;
    private final LogStore store;

    LogGroupOperations(LogsService service) {
        this.service = service;
        this.store = service.store();
    }

    void register(OperationRegistry registry) {
        // With tags, logs:TagResource too (AWS refuses a tagged CreateLogGroup without it, in words of its own).
        AccessRule<CreateLogGroupRequest> create = LogsAccess.onTaggedGroup("CreateLogGroup",
                CreateLogGroupRequest::logGroupName, CreateLogGroupRequest::tags, in -> null);
        registry.add("CreateLogGroup", CreateLogGroupRequest.class,
                (ctx, in) -> Access.creating(create.accessFor(ctx, in).getFirst(), "logs:TagResource"),
                this::createLogGroup);
        registry.add("DeleteLogGroup", DeleteLogGroupRequest.class,
                LogsAccess.onGroup("DeleteLogGroup", DeleteLogGroupRequest::logGroupName),
                this::deleteLogGroup);
        registry.add("DescribeLogGroups", DescribeLogGroupsRequest.class,
                LogsAccess.describeLogGroups(),
                this::describeLogGroups);
        registry.add("PutRetentionPolicy", PutRetentionPolicyRequest.class,
                LogsAccess.onGroup("PutRetentionPolicy", PutRetentionPolicyRequest::logGroupName),
                this::putRetentionPolicy);
        registry.add("DeleteRetentionPolicy", DeleteRetentionPolicyRequest.class,
                LogsAccess.onGroup("DeleteRetentionPolicy", DeleteRetentionPolicyRequest::logGroupName),
                this::deleteRetentionPolicy);
    }

    Void createLogGroup(RequestContext ctx, CreateLogGroupRequest in) {
        LogsInputs.groupName("logGroupName", in.logGroupName(), true);
        LogsInputs.tags("tags", in.tags(), false);
        LogsInputs.check(Validation.of().length("kmsKeyId", in.kmsKeyId(), 0, 256)
                .oneOf("logGroupClass", in.logGroupClass(), CLASSES));
        String logGroupClass = in.logGroupClass() == null ? "STANDARD" : in.logGroupClass();
        store.createGroup(ctx.accountId(), ctx.region(), in.logGroupName(), ctx.receivedAt().toEpochMilli(),
                in.kmsKeyId(), logGroupClass, in.tags()).orElseThrow(LogsErrors::groupExists);
        return null;
    }

    Void deleteLogGroup(RequestContext ctx, DeleteLogGroupRequest in) {
        LogsInputs.groupName("logGroupName", in.logGroupName(), true);
        Group g = service.requireGroup(ctx.accountId(), ctx.region(), in.logGroupName());
        if (!store.deleteGroup(g.id())) {
            throw LogsErrors.groupNotFound();
        }
        return null;
    }

    DescribeLogGroupsResponse describeLogGroups(RequestContext ctx, DescribeLogGroupsRequest in) {
        if (in.logGroupNamePrefix() != null) {
            LogsInputs.groupName("logGroupNamePrefix", in.logGroupNamePrefix(), false);
        }
        LogsInputs.check(Validation.of().length("logGroupNamePattern", in.logGroupNamePattern(), 0, 512)
                .pattern("logGroupNamePattern", in.logGroupNamePattern(), java.util.regex.Pattern.compile("[\\.\\-_/#A-Za-z0-9]*"))
                .range("limit", in.limit(), 1, 50)
                .oneOf("logGroupClass", in.logGroupClass(), CLASSES)
                .size("logGroupIdentifiers", in.logGroupIdentifiers(), 1, 50));
        LogsInputs.nextToken(in.nextToken());
        if (in.logGroupNamePrefix() != null && in.logGroupNamePattern() != null) {
            throw LogsErrors.prefixAndPattern();
        }
        Set<String> identifiers = null;
        if (in.logGroupIdentifiers() != null) {
            identifiers = new HashSet<>();
            for (String id : in.logGroupIdentifiers()) {
                identifiers.add(id.startsWith("arn:")
                        ? LogsService.groupNameFromArn(id, ctx.accountId(), ctx.region()).orElse("")
                        : id);
            }
        }
        String after = null;
        if (in.nextToken() != null) {
            after = PageTokens.decode(in.nextToken()).filter(s -> s.startsWith("g|")).map(s -> s.substring(2))
                    .orElseThrow(LogsErrors::invalidNextToken);
        }
        int limit = in.limit() == null ? 50 : in.limit();
        boolean patternView = in.logGroupNamePattern() != null;
        List<LogsShapes.LogGroup> page = new ArrayList<>();
        String nextToken = null;
        for (Group g : store.listGroups(ctx.accountId(), ctx.region())) {
            if (after != null && g.name().compareTo(after) <= 0) {
                continue;
            }
            if (in.logGroupNamePrefix() != null && !g.name().startsWith(in.logGroupNamePrefix())) {
                continue;
            }
            if (patternView && !g.name().contains(in.logGroupNamePattern())) {
                continue;
            }
            if (in.logGroupClass() != null && !in.logGroupClass().equals(g.logGroupClass())) {
                continue;
            }
            if (identifiers != null && !identifiers.contains(g.name())) {
                continue;
            }
            if (page.size() == limit) {
                nextToken = PageTokens.encode("g|" + page.get(page.size() - 1).logGroupName());
                break;
            }
            page.add(view(g, patternView));
        }
        return new DescribeLogGroupsResponse(page, nextToken);
    }

    /** With a name pattern AWS answers only the name, ARNs, creation time, class and metric filter count. */
    static LogsShapes.LogGroup view(Group g, boolean brief) {
        String arn = LogsService.groupArn(g);
        return new LogsShapes.LogGroup(g.name(), g.createdAt(), brief ? null : g.retentionDays(), 0, arn + ":*",
                brief ? null : g.storedBytes(), brief ? null : g.kmsKeyId(), g.logGroupClass(), arn,
                brief ? null : Boolean.FALSE);
    }

    Void putRetentionPolicy(RequestContext ctx, PutRetentionPolicyRequest in) {
        LogsInputs.groupName("logGroupName", in.logGroupName(), true);
        Validation v = Validation.of().notNull("retentionInDays", in.retentionInDays());
        if (in.retentionInDays() != null && !LogsInputs.RETENTION_DAYS.contains(in.retentionInDays())) {
            v.violation("retentionInDays", String.valueOf(in.retentionInDays()),
                    "Member must satisfy enum value set: " + LogsInputs.RETENTION_DAYS);
        }
        LogsInputs.check(v);
        Group g = service.requireGroup(ctx.accountId(), ctx.region(), in.logGroupName());
        if (!store.setRetention(g.id(), in.retentionInDays())) {
            throw LogsErrors.groupNotFound();
        }
        return null;
    }

    Void deleteRetentionPolicy(RequestContext ctx, DeleteRetentionPolicyRequest in) {
        LogsInputs.groupName("logGroupName", in.logGroupName(), true);
        Group g = service.requireGroup(ctx.accountId(), ctx.region(), in.logGroupName());
        if (!store.setRetention(g.id(), null)) {
            throw LogsErrors.groupNotFound();
        }
        return null;
    }
}
