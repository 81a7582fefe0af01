package dev.homeport.iam;

import dev.homeport.common.Ids;
import dev.homeport.iam.policy.MalformedPolicyException;
import dev.homeport.iam.policy.Policy;
import dev.homeport.protocol.Access;
import dev.homeport.protocol.AccessRule;
import dev.homeport.protocol.Principal;
import dev.homeport.protocol.QueryErrors;
import dev.homeport.protocol.QueryParams;
import dev.homeport.protocol.QueryServiceModule;
import dev.homeport.protocol.RequestContext;
import dev.homeport.protocol.Xml;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * AWS IAM over AWS's Query protocol (API version 2010-05-08, XML answers): users, access keys, groups, roles,
 * inline and managed policies with versions, permissions boundaries, tags. Every entity is per account; IAM is a
 * global service, so the region of the signature does not matter. Each action's permission is
 * {@code iam:<Action>} on the entity's ARN (<i>Service Authorization Reference</i>, IAM).
 *
 * <p>Policy documents are checked with the policy engine's parser (MalformedPolicyDocument with its message) and
 * answered URL-encoded, as IAM answers them (the AWS CLI decodes them; SDKs leave that to the caller).
 */
public final class IamModule implements QueryServiceModule {
    public static final String NAMESPACE = "https://iam.amazonaws.com/doc/2010-05-08/";

    // IAM's quotas (IAM user guide, "IAM and AWS STS quotas"), at their defaults.
    static final int ACCESS_KEYS_PER_USER = 2;
    static final int MANAGED_POLICIES_PER_ENTITY = 10;
    static final int POLICY_VERSIONS = 5;
    static final int USER_INLINE_BYTES = 2048;
    static final int GROUP_INLINE_BYTES = 5120;
    static final int ROLE_INLINE_BYTES = 10240;
    static final int MANAGED_POLICY_BYTES = 6144;
    static final int TRUST_POLICY_BYTES = 2048;
    static final int TAGS_PER_ENTITY = 50;

    private static final Pattern NAME = Pattern.compile("[\\w+=,.@-]+");
    private static final Pattern PATH = Pattern.compile("(/)|(/[\\u0021-\\u007E]+/)");

    private final IamStore store;
    private final ManagedPolicies awsPolicies;
    private final Clock clock;
    private final Map<String, QueryAction> operations = new LinkedHashMap<>();

    public IamModule(IamStore store, ManagedPolicies awsPolicies, Clock clock) {
        this.store = store;
        this.awsPolicies = awsPolicies;
        this.clock = clock;
        // users
        on("CreateUser", "TagUser", user("UserName"), this::createUser);
        on("GetUser", optionalUser(), this::getUser);
        on("ListUsers", any(), this::listUsers);
        on("UpdateUser", user("UserName"), this::updateUser);
        on("DeleteUser", user("UserName"), this::deleteUser);
        on("TagUser", user("UserName"), this::tagUser);
        on("UntagUser", user("UserName"), this::untagUser);
        on("ListUserTags", user("UserName"), this::listUserTags);
        on("PutUserPermissionsBoundary", user("UserName"), this::putUserPermissionsBoundary);
        on("DeleteUserPermissionsBoundary", user("UserName"), this::deleteUserPermissionsBoundary);
        on("PutUserPolicy", user("UserName"), this::putUserPolicy);
        on("GetUserPolicy", user("UserName"), this::getUserPolicy);
        on("ListUserPolicies", user("UserName"), this::listUserPolicies);
        on("DeleteUserPolicy", user("UserName"), this::deleteUserPolicy);
        on("AttachUserPolicy", user("UserName"), this::attachUserPolicy);
        on("DetachUserPolicy", user("UserName"), this::detachUserPolicy);
        on("ListAttachedUserPolicies", user("UserName"), this::listAttachedUserPolicies);
        on("ListGroupsForUser", user("UserName"), this::listGroupsForUser);
        // access keys
        on("CreateAccessKey", optionalUser(), this::createAccessKey);
        on("ListAccessKeys", optionalUser(), this::listAccessKeys);
        on("UpdateAccessKey", optionalUser(), this::updateAccessKey);
        on("DeleteAccessKey", optionalUser(), this::deleteAccessKey);
        on("GetAccessKeyLastUsed", any(), this::getAccessKeyLastUsed);
        // groups
        on("CreateGroup", group(), this::createGroup);
        on("GetGroup", group(), this::getGroup);
        on("ListGroups", any(), this::listGroups);
        on("DeleteGroup", group(), this::deleteGroup);
        on("AddUserToGroup", group(), this::addUserToGroup);
        on("RemoveUserFromGroup", group(), this::removeUserFromGroup);
        on("PutGroupPolicy", group(), this::putGroupPolicy);
        on("GetGroupPolicy", group(), this::getGroupPolicy);
        on("ListGroupPolicies", group(), this::listGroupPolicies);
        on("DeleteGroupPolicy", group(), this::deleteGroupPolicy);
        on("AttachGroupPolicy", group(), this::attachGroupPolicy);
        on("DetachGroupPolicy", group(), this::detachGroupPolicy);
        on("ListAttachedGroupPolicies", group(), this::listAttachedGroupPolicies);
        // roles
        on("CreateRole", "TagRole", role(), this::createRole);
        on("GetRole", role(), this::getRole);
        on("ListRoles", any(), this::listRoles);
        on("UpdateRole", role(), this::updateRole);
        on("UpdateAssumeRolePolicy", role(), this::updateAssumeRolePolicy);
        on("DeleteRole", role(), this::deleteRole);
        on("TagRole", role(), this::tagRole);
        on("UntagRole", role(), this::untagRole);
        on("ListRoleTags", role(), this::listRoleTags);
        on("PutRolePermissionsBoundary", role(), this::putRolePermissionsBoundary);
        on("DeleteRolePermissionsBoundary", role(), this::deleteRolePermissionsBoundary);
        on("PutRolePolicy", role(), this::putRolePolicy);
        on("GetRolePolicy", role(), this::getRolePolicy);
        on("ListRolePolicies", role(), this::listRolePolicies);
        on("DeleteRolePolicy", role(), this::deleteRolePolicy);
        on("AttachRolePolicy", role(), this::attachRolePolicy);
        on("DetachRolePolicy", role(), this::detachRolePolicy);
        on("ListAttachedRolePolicies", role(), this::listAttachedRolePolicies);
        // managed policies
        on("CreatePolicy", "TagPolicy", policyByName(), this::createPolicy);
        on("GetPolicy", policy(), this::getPolicy);
        on("ListPolicies", any(), this::listPolicies);
        on("DeletePolicy", policy(), this::deletePolicy);
        on("CreatePolicyVersion", policy(), this::createPolicyVersion);
        on("GetPolicyVersion", policy(), this::getPolicyVersion);
        on("ListPolicyVersions", policy(), this::listPolicyVersions);
        on("DeletePolicyVersion", policy(), this::deletePolicyVersion);
        on("SetDefaultPolicyVersion", policy(), this::setDefaultPolicyVersion);
        on("TagPolicy", policy(), this::tagPolicy);
        on("UntagPolicy", policy(), this::untagPolicy);
        on("ListPolicyTags", policy(), this::listPolicyTags);
        on("ListEntitiesForPolicy", policy(), this::listEntitiesForPolicy);
    }

    @Override
    public String signingName() {
        return "iam";
    }

    @Override
    public String xmlNamespace() {
        return NAMESPACE;
    }

    @Override
    public Dialect dialect() {
        return Dialect.AWS_QUERY;
    }

    @Override
    public Map<String, QueryAction> operations() {
        return operations;
    }

    // ------------------------------------------------------------------------------------------------ permissions

    /** An action and the function from its parameters to the ARN it acts on, under {@code iam:<action>}. */
    private void on(String action, Function<Request, String> resource, QueryOperation operation) {
        on(action, null, resource, operation);
    }

    /**
     * An action, the ARN it acts on and, for a create call that takes tags, the action that tags what it creates:
     * asked for too when the request sets tags (IAM's policy example "create new users only with specific tags"
     * allows both iam:CreateUser and iam:TagUser), as in every service that tags on create.
     */
    private void on(String action, String tagAction, Function<Request, String> resource, QueryOperation operation) {
        String iamAction = "iam:" + action;
        AccessRule<QueryParams> rule = (ctx, params) -> {
            // The tags a request sets (Create*, Tag*) or the keys it removes (Untag*).
            Map<String, String> tags = new LinkedHashMap<>();
            params.keyValues("Tags").forEach(t -> tags.put(t.getKey(), t.getValue()));
            Map<String, List<String>> keys = Access.requestTags(tags);
            List<String> removedKeys = params.list("TagKeys.member");
            if (!removedKeys.isEmpty()) {
                keys.put("aws:TagKeys", removedKeys);
            }
            String policyArn = params.get("PolicyArn");
            if (policyArn != null) {
                keys.put("iam:PolicyARN", List.of(policyArn));
            }
            String boundary = params.get("PermissionsBoundary");
            if (boundary != null) {
                keys.put("iam:PermissionsBoundary", List.of(boundary));
            }
            Access access = Access.to(iamAction, resource.apply(new Request(ctx, params))).withConditionKeys(keys);
            return tagAction == null ? List.of(access) : Access.creating(access, "iam:" + tagAction);
        };
        operations.put(action, new QueryAction(rule, operation));
    }

    private record Request(RequestContext ctx, QueryParams params) {
    }

    private static Function<Request, String> any() {
        return r -> "*";
    }

    private Function<Request, String> user(String param) {
        return r -> entityArn(r.ctx(), IamEntity.Kind.USER, "user", r.params().get(param));
    }

    /** Actions whose UserName defaults to the caller (GetUser, the access key actions). */
    private Function<Request, String> optionalUser() {
        return r -> r.params().get("UserName") == null ? r.ctx().principal().arn()
                : entityArn(r.ctx(), IamEntity.Kind.USER, "user", r.params().get("UserName"));
    }

    private Function<Request, String> group() {
        return r -> entityArn(r.ctx(), IamEntity.Kind.GROUP, "group", r.params().get("GroupName"));
    }

    private Function<Request, String> role() {
        return r -> entityArn(r.ctx(), IamEntity.Kind.ROLE, "role", r.params().get("RoleName"));
    }

    private Function<Request, String> policy() {
        return r -> r.params().get("PolicyArn") == null ? "*" : r.params().get("PolicyArn");
    }

    private static Function<Request, String> policyByName() {
        return r -> "arn:aws:iam::" + r.ctx().accountId() + ":policy" + pathOr(r.params().get("Path"))
                + nullToEmpty(r.params().get("PolicyName"));
    }

    /** An entity's ARN with its path when it exists; {@code <type>/<name>} when it does not (yet). */
    private String entityArn(RequestContext ctx, IamEntity.Kind kind, String type, String name) {
        if (name == null) {
            return "*";
        }
        IamStore.Snapshot s = store.snapshot();
        return s.find(ctx.accountId(), kind, name, IamEntity.class).map(e -> switch (e) {
            case PolicyHolder h -> h.arn();
            case ManagedPolicy p -> p.arn();
        }).orElse("arn:aws:iam::" + ctx.accountId() + ":" + type + "/" + name);
    }

    // ------------------------------------------------------------------------------------------------------ users

    void createUser(RequestContext ctx, QueryParams p, Xml out) {
        String name = name(p, "UserName", 64);
        String path = path(p);
        Map<String, String> tags = tags(p);
        String boundary = p.get("PermissionsBoundary") == null ? null : requirePolicy(ctx, p.get("PermissionsBoundary")).arn();
        IamStore.Snapshot s = store.snapshot();
        if (s.find(ctx.accountId(), IamEntity.Kind.USER, name, IamUser.class).isPresent()) {
            throw IamErrors.alreadyExists("User with name " + name + " already exists.");
        }
        IamUser user = new IamUser(ctx.accountId(), name, path, Ids.iamId("AIDA", 17), now(), Map.of(), List.of(), List.of(),
                boundary, tags);
        store.put(user);
        out.open("User");
        writeUser(out, user);
        out.close("User");
    }

    void getUser(RequestContext ctx, QueryParams p, Xml out) {
        String name = p.get("UserName");
        out.open("User");
        if (name == null && ctx.principal().kind() != Principal.Kind.USER) {
            // The root user asks about itself: AWS answers the account as the user id and the root ARN.
            out.element("UserId", ctx.accountId()).element("Arn", ctx.principal().arn())
                    .element("CreateDate", date(Instant.EPOCH));
        } else {
            writeUser(out, requireUser(ctx, name == null ? callerName(ctx) : name));
        }
        out.close("User");
    }

    void listUsers(RequestContext ctx, QueryParams p, Xml out) {
        String prefix = pathPrefix(p);
        List<IamUser> users = store.snapshot().all(ctx.accountId(), IamEntity.Kind.USER, IamUser.class).stream()
                .filter(u -> u.path().startsWith(prefix)).toList();
        page(out, p, "Users", users, (x, u) -> writeUser(x, u));
    }

    void updateUser(RequestContext ctx, QueryParams p, Xml out) {
        IamUser user = requireUser(ctx, name(p, "UserName", 64));
        String newName = p.get("NewUserName") == null ? user.name() : name(p, "NewUserName", 64);
        String newPath = p.get("NewPath") == null ? user.path() : path(p.get("NewPath"), "newPath");
        if (!newName.equalsIgnoreCase(user.name())
                && store.snapshot().find(ctx.accountId(), IamEntity.Kind.USER, newName, IamUser.class).isPresent()) {
            throw IamErrors.alreadyExists("User with name " + newName + " already exists.");
        }
        if (!store.snapshot().keysOf(ctx.accountId(), user.name()).isEmpty() && !newName.equals(user.name())) {
            // Keys name their user; renaming a user with keys would need them moved too.
            throw IamErrors.deleteConflict("Cannot rename a user that has access keys; delete its keys first.");
        }
        IamUser renamed = new IamUser(user.account(), newName, newPath, user.id(), user.created(),
                user.inlinePolicies(), user.attached(), user.groups(), user.boundary(), user.tags());
        if (!newName.equals(user.name())) {
            store.delete(user);
        }
        store.put(renamed);
    }

    void deleteUser(RequestContext ctx, QueryParams p, Xml out) {
        IamUser user = requireUser(ctx, name(p, "UserName", 64));
        if (!store.snapshot().keysOf(ctx.accountId(), user.name()).isEmpty()) {
            throw IamErrors.deleteConflict("Cannot delete entity, must delete access keys first.");
        }
        if (!user.inlinePolicies().isEmpty()) {
            throw IamErrors.deleteConflict("Cannot delete entity, must delete policies first.");
        }
        if (!user.attached().isEmpty()) {
            throw IamErrors.deleteConflict("Cannot delete entity, must detach all policies first.");
        }
        if (!user.groups().isEmpty()) {
            throw IamErrors.deleteConflict("Cannot delete entity, must remove users from group first.");
        }
        store.delete(user);
    }

    void tagUser(RequestContext ctx, QueryParams p, Xml out) {
        IamUser u = requireUser(ctx, name(p, "UserName", 64));
        store.put(u.withTags(mergeTags(u.tags(), tags(p))));
    }

    void untagUser(RequestContext ctx, QueryParams p, Xml out) {
        IamUser u = requireUser(ctx, name(p, "UserName", 64));
        store.put(u.withTags(removeTags(u.tags(), p)));
    }

    void listUserTags(RequestContext ctx, QueryParams p, Xml out) {
        writeTags(out, requireUser(ctx, name(p, "UserName", 64)).tags());
        out.element("IsTruncated", false);
    }

    void putUserPermissionsBoundary(RequestContext ctx, QueryParams p, Xml out) {
        IamUser u = requireUser(ctx, name(p, "UserName", 64));
        String boundary = requirePolicy(ctx, required(p, "PermissionsBoundary", "permissionsBoundary")).arn();
        store.put(u.withBoundary(boundary));
    }

    void deleteUserPermissionsBoundary(RequestContext ctx, QueryParams p, Xml out) {
        IamUser u = requireUser(ctx, name(p, "UserName", 64));
        store.put(u.withBoundary(null));
    }

    void putUserPolicy(RequestContext ctx, QueryParams p, Xml out) {
        putInline(requireUser(ctx, name(p, "UserName", 64)), p, USER_INLINE_BYTES);
    }

    void getUserPolicy(RequestContext ctx, QueryParams p, Xml out) {
        IamUser u = requireUser(ctx, name(p, "UserName", 64));
        out.element("UserName", u.name());
        getInline(u, p, out);
    }

    void listUserPolicies(RequestContext ctx, QueryParams p, Xml out) {
        listInline(requireUser(ctx, name(p, "UserName", 64)), p, out);
    }

    void deleteUserPolicy(RequestContext ctx, QueryParams p, Xml out) {
        deleteInline(requireUser(ctx, name(p, "UserName", 64)), p);
    }

    void attachUserPolicy(RequestContext ctx, QueryParams p, Xml out) {
        attach(ctx, requireUser(ctx, name(p, "UserName", 64)), p);
    }

    void detachUserPolicy(RequestContext ctx, QueryParams p, Xml out) {
        detach(requireUser(ctx, name(p, "UserName", 64)), p);
    }

    void listAttachedUserPolicies(RequestContext ctx, QueryParams p, Xml out) {
        listAttached(ctx, requireUser(ctx, name(p, "UserName", 64)), p, out);
    }

    void listGroupsForUser(RequestContext ctx, QueryParams p, Xml out) {
        IamUser u = requireUser(ctx, name(p, "UserName", 64));
        List<IamGroup> groups = u.groups().stream().map(g -> requireGroup(ctx, g)).toList();
        page(out, p, "Groups", groups, IamModule::writeGroup);
    }

    // ------------------------------------------------------------------------------------------------ access keys

    void createAccessKey(RequestContext ctx, QueryParams p, Xml out) {
        IamUser u = requireUser(ctx, userOrCaller(ctx, p));
        if (store.snapshot().keysOf(ctx.accountId(), u.name()).size() >= ACCESS_KEYS_PER_USER) {
            throw IamErrors.limitExceeded("Cannot exceed quota for AccessKeysPerUser: " + ACCESS_KEYS_PER_USER);
        }
        AccessKey key = new AccessKey(Ids.iamId("AKIA", 16), ctx.accountId(), u.name(), AccessKey.Status.Active,
                now(), Ids.secretAccessKey(), null, null, null);
        store.putKey(key);
        out.open("AccessKey").element("UserName", u.name()).element("AccessKeyId", key.id())
                .element("Status", key.status().name()).element("SecretAccessKey", key.secret())
                .element("CreateDate", date(key.created())).close("AccessKey");
    }

    void listAccessKeys(RequestContext ctx, QueryParams p, Xml out) {
        IamUser u = requireUser(ctx, userOrCaller(ctx, p));
        page(out, p, "AccessKeyMetadata", store.snapshot().keysOf(ctx.accountId(), u.name()), (x, k) -> x
                .element("UserName", u.name()).element("AccessKeyId", k.id()).element("Status", k.status().name())
                .element("CreateDate", date(k.created())));
    }

    void updateAccessKey(RequestContext ctx, QueryParams p, Xml out) {
        AccessKey key = requireKey(ctx, p);
        String status = required(p, "Status", "status");
        AccessKey.Status next;
        try {
            next = AccessKey.Status.valueOf(status);
        } catch (IllegalArgumentException e) {
            throw QueryErrors.constraint("status", status, "Member must satisfy enum value set: [Active, Inactive]");
        }
        store.updateKeyStatus(key, next);
    }

    void deleteAccessKey(RequestContext ctx, QueryParams p, Xml out) {
        store.deleteKey(requireKey(ctx, p));
    }

    void getAccessKeyLastUsed(RequestContext ctx, QueryParams p, Xml out) {
        String id = required(p, "AccessKeyId", "accessKeyId");
        AccessKey key = store.snapshot().keys().get(id);
        if (key == null || !key.account().equals(ctx.accountId())) {
            throw IamErrors.noSuchEntity("The Access Key with id " + id + " cannot be found");
        }
        out.element("UserName", key.userName()).open("AccessKeyLastUsed");
        if (key.lastUsed() == null) {
            // AWS's answer for a key never used.
            out.element("ServiceName", "N/A").element("Region", "N/A");
        } else {
            out.element("LastUsedDate", date(key.lastUsed())).element("ServiceName", key.lastUsedService())
                    .element("Region", key.lastUsedRegion());
        }
        out.close("AccessKeyLastUsed");
    }

    private AccessKey requireKey(RequestContext ctx, QueryParams p) {
        IamUser u = requireUser(ctx, userOrCaller(ctx, p));
        String id = required(p, "AccessKeyId", "accessKeyId");
        AccessKey key = store.snapshot().keys().get(id);
        if (key == null || !key.account().equals(ctx.accountId()) || !key.userName().equalsIgnoreCase(u.name())) {
            throw IamErrors.noSuchEntity("The Access Key with id " + id + " cannot be found.");
        }
        return key;
    }

    /** The user an access key action names, or the calling user; the root user's keys live in the credentials file. */
    private String userOrCaller(RequestContext ctx, QueryParams p) {
        if (p.get("UserName") != null) {
            return name(p, "UserName", 64);
        }
        if (ctx.principal().kind() != Principal.Kind.USER) {
            throw IamErrors.invalidInput("The root user's access keys are those of Homeport's credentials file; "
                    + "give UserName to manage an IAM user's keys.");
        }
        return callerName(ctx);
    }

    // ----------------------------------------------------------------------------------------------------- groups

    void createGroup(RequestContext ctx, QueryParams p, Xml out) {
        String name = name(p, "GroupName", 128);
        String path = path(p);
        if (store.snapshot().find(ctx.accountId(), IamEntity.Kind.GROUP, name, IamGroup.class).isPresent()) {
            throw IamErrors.alreadyExists("Group with name " + name + " already exists.");
        }
        IamGroup group = new IamGroup(ctx.accountId(), name, path, Ids.iamId("AGPA", 17), now(), Map.of(), List.of());
        store.put(group);
        out.open("Group");
        writeGroup(out, group);
        out.close("Group");
    }

    void getGroup(RequestContext ctx, QueryParams p, Xml out) {
        IamGroup g = requireGroup(ctx, name(p, "GroupName", 128));
        out.open("Group");
        writeGroup(out, g);
        out.close("Group");
        page(out, p, "Users", members(ctx, g), (x, u) -> writeUser(x, u));
    }

    void listGroups(RequestContext ctx, QueryParams p, Xml out) {
        String prefix = pathPrefix(p);
        page(out, p, "Groups", store.snapshot().all(ctx.accountId(), IamEntity.Kind.GROUP, IamGroup.class).stream()
                .filter(g -> g.path().startsWith(prefix)).toList(), IamModule::writeGroup);
    }

    void deleteGroup(RequestContext ctx, QueryParams p, Xml out) {
        IamGroup g = requireGroup(ctx, name(p, "GroupName", 128));
        if (!members(ctx, g).isEmpty()) {
            throw IamErrors.deleteConflict("Cannot delete entity, must remove users from group first.");
        }
        if (!g.inlinePolicies().isEmpty()) {
            throw IamErrors.deleteConflict("Cannot delete entity, must delete policies first.");
        }
        if (!g.attached().isEmpty()) {
            throw IamErrors.deleteConflict("Cannot delete entity, must detach all policies first.");
        }
        store.delete(g);
    }

    void addUserToGroup(RequestContext ctx, QueryParams p, Xml out) {
        IamGroup g = requireGroup(ctx, name(p, "GroupName", 128));
        IamUser u = requireUser(ctx, name(p, "UserName", 64));
        if (u.groups().stream().noneMatch(n -> n.equalsIgnoreCase(g.name()))) {
            List<String> groups = new ArrayList<>(u.groups());
            groups.add(g.name());
            store.put(u.withGroups(groups));
        }
    }

    void removeUserFromGroup(RequestContext ctx, QueryParams p, Xml out) {
        IamGroup g = requireGroup(ctx, name(p, "GroupName", 128));
        IamUser u = requireUser(ctx, name(p, "UserName", 64));
        if (u.groups().stream().noneMatch(n -> n.equalsIgnoreCase(g.name()))) {
            throw IamErrors.noSuchEntity("User " + u.name() + " is not in group " + g.name() + ".");
        }
        store.put(u.withGroups(u.groups().stream().filter(n -> !n.equalsIgnoreCase(g.name())).toList()));
    }

    void putGroupPolicy(RequestContext ctx, QueryParams p, Xml out) {
        putInline(requireGroup(ctx, name(p, "GroupName", 128)), p, GROUP_INLINE_BYTES);
    }

    void getGroupPolicy(RequestContext ctx, QueryParams p, Xml out) {
        IamGroup g = requireGroup(ctx, name(p, "GroupName", 128));
        out.element("GroupName", g.name());
        getInline(g, p, out);
    }

    void listGroupPolicies(RequestContext ctx, QueryParams p, Xml out) {
        listInline(requireGroup(ctx, name(p, "GroupName", 128)), p, out);
    }

    void deleteGroupPolicy(RequestContext ctx, QueryParams p, Xml out) {
        deleteInline(requireGroup(ctx, name(p, "GroupName", 128)), p);
    }

    void attachGroupPolicy(RequestContext ctx, QueryParams p, Xml out) {
        attach(ctx, requireGroup(ctx, name(p, "GroupName", 128)), p);
    }

    void detachGroupPolicy(RequestContext ctx, QueryParams p, Xml out) {
        detach(requireGroup(ctx, name(p, "GroupName", 128)), p);
    }

    void listAttachedGroupPolicies(RequestContext ctx, QueryParams p, Xml out) {
        listAttached(ctx, requireGroup(ctx, name(p, "GroupName", 128)), p, out);
    }

    private List<IamUser> members(RequestContext ctx, IamGroup g) {
        return store.snapshot().all(ctx.accountId(), IamEntity.Kind.USER, IamUser.class).stream()
                .filter(u -> u.groups().stream().anyMatch(n -> n.equalsIgnoreCase(g.name()))).toList();
    }

    // ------------------------------------------------------------------------------------------------------ roles

    void createRole(RequestContext ctx, QueryParams p, Xml out) {
        String name = name(p, "RoleName", 64);
        String path = path(p);
        String trust = trustPolicy(required(p, "AssumeRolePolicyDocument", "assumeRolePolicyDocument"));
        int maxSession = maxSessionDuration(p.get("MaxSessionDuration"), 3600);
        String description = description(p);
        Map<String, String> tags = tags(p);
        String boundary = p.get("PermissionsBoundary") == null ? null : requirePolicy(ctx, p.get("PermissionsBoundary")).arn();
        if (store.snapshot().find(ctx.accountId(), IamEntity.Kind.ROLE, name, IamRole.class).isPresent()) {
            throw IamErrors.alreadyExists("Role with name " + name + " already exists.");
        }
        IamRole role = new IamRole(ctx.accountId(), name, path, Ids.iamId("AROA", 17), now(), description, trust, maxSession,
                Map.of(), List.of(), boundary, tags);
        store.put(role);
        out.open("Role");
        writeRole(out, role);
        out.close("Role");
    }

    void getRole(RequestContext ctx, QueryParams p, Xml out) {
        out.open("Role");
        writeRole(out, requireRole(ctx, name(p, "RoleName", 64)));
        out.close("Role");
    }

    void listRoles(RequestContext ctx, QueryParams p, Xml out) {
        String prefix = pathPrefix(p);
        page(out, p, "Roles", store.snapshot().all(ctx.accountId(), IamEntity.Kind.ROLE, IamRole.class).stream()
                .filter(r -> r.path().startsWith(prefix)).toList(), (x, r) -> writeRole(x, r));
    }

    void updateRole(RequestContext ctx, QueryParams p, Xml out) {
        IamRole r = requireRole(ctx, name(p, "RoleName", 64));
        String description = p.get("Description") == null ? r.description() : description(p);
        int maxSession = maxSessionDuration(p.get("MaxSessionDuration"), r.maxSessionDuration());
        store.put(r.withSettings(description, maxSession));
    }

    void updateAssumeRolePolicy(RequestContext ctx, QueryParams p, Xml out) {
        IamRole r = requireRole(ctx, name(p, "RoleName", 64));
        String trust = trustPolicy(required(p, "PolicyDocument", "policyDocument"));
        store.put(r.withTrustPolicy(trust));
    }

    void deleteRole(RequestContext ctx, QueryParams p, Xml out) {
        IamRole r = requireRole(ctx, name(p, "RoleName", 64));
        if (!r.inlinePolicies().isEmpty()) {
            throw IamErrors.deleteConflict("Cannot delete entity, must delete policies first.");
        }
        if (!r.attached().isEmpty()) {
            throw IamErrors.deleteConflict("Cannot delete entity, must detach all policies first.");
        }
        store.delete(r);
    }

    void tagRole(RequestContext ctx, QueryParams p, Xml out) {
        IamRole r = requireRole(ctx, name(p, "RoleName", 64));
        store.put(r.withTags(mergeTags(r.tags(), tags(p))));
    }

    void untagRole(RequestContext ctx, QueryParams p, Xml out) {
        IamRole r = requireRole(ctx, name(p, "RoleName", 64));
        store.put(r.withTags(removeTags(r.tags(), p)));
    }

    void listRoleTags(RequestContext ctx, QueryParams p, Xml out) {
        writeTags(out, requireRole(ctx, name(p, "RoleName", 64)).tags());
        out.element("IsTruncated", false);
    }

    void putRolePermissionsBoundary(RequestContext ctx, QueryParams p, Xml out) {
        IamRole r = requireRole(ctx, name(p, "RoleName", 64));
        String boundary = requirePolicy(ctx, required(p, "PermissionsBoundary", "permissionsBoundary")).arn();
        store.put(r.withBoundary(boundary));
    }

    void deleteRolePermissionsBoundary(RequestContext ctx, QueryParams p, Xml out) {
        IamRole r = requireRole(ctx, name(p, "RoleName", 64));
        store.put(r.withBoundary(null));
    }

    void putRolePolicy(RequestContext ctx, QueryParams p, Xml out) {
        putInline(requireRole(ctx, name(p, "RoleName", 64)), p, ROLE_INLINE_BYTES);
    }

    void getRolePolicy(RequestContext ctx, QueryParams p, Xml out) {
        IamRole r = requireRole(ctx, name(p, "RoleName", 64));
        out.element("RoleName", r.name());
        getInline(r, p, out);
    }

    void listRolePolicies(RequestContext ctx, QueryParams p, Xml out) {
        listInline(requireRole(ctx, name(p, "RoleName", 64)), p, out);
    }

    void deleteRolePolicy(RequestContext ctx, QueryParams p, Xml out) {
        deleteInline(requireRole(ctx, name(p, "RoleName", 64)), p);
    }

    void attachRolePolicy(RequestContext ctx, QueryParams p, Xml out) {
        attach(ctx, requireRole(ctx, name(p, "RoleName", 64)), p);
    }

    void detachRolePolicy(RequestContext ctx, QueryParams p, Xml out) {
        detach(requireRole(ctx, name(p, "RoleName", 64)), p);
    }

    void listAttachedRolePolicies(RequestContext ctx, QueryParams p, Xml out) {
        listAttached(ctx, requireRole(ctx, name(p, "RoleName", 64)), p, out);
    }

    private static String trustPolicy(String document) {
        checkSize(document, TRUST_POLICY_BYTES, "Cannot exceed quota for ACLSizePerRole: " + TRUST_POLICY_BYTES);
        parse(document, Policy.Kind.TRUST);
        return document;
    }

    private static int maxSessionDuration(String value, int fallback) {
        if (value == null) {
            return fallback;
        }
        int seconds;
        try {
            seconds = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw QueryErrors.constraint("maxSessionDuration", value, "Member must be a number");
        }
        if (seconds < 3600 || seconds > 43200) {
            throw QueryErrors.constraint("maxSessionDuration", value,
                    "Member must have value less than or equal to 43200 and greater than or equal to 3600");
        }
        return seconds;
    }

    // ------------------------------------------------------------------------------------------- managed policies

    void createPolicy(RequestContext ctx, QueryParams p, Xml out) {
        String name = name(p, "PolicyName", 128);
        String path = path(p);
        String document = managedDocument(required(p, "PolicyDocument", "policyDocument"));
        String description = description(p);
        Map<String, String> tags = tags(p);
        if (store.snapshot().find(ctx.accountId(), IamEntity.Kind.POLICY, name, ManagedPolicy.class).isPresent()) {
            throw IamErrors.alreadyExists("A policy called " + name + " already exists. Duplicate names are not allowed.");
        }
        Instant now = now();
        ManagedPolicy policy = new ManagedPolicy(ctx.accountId(), name, path, Ids.iamId("ANPA", 17), now, now, description,
                "v1", List.of(new ManagedPolicy.Version("v1", document, now)), tags);
        store.put(policy);
        out.open("Policy");
        writePolicy(out, policy, 0);
        out.close("Policy");
    }

    void getPolicy(RequestContext ctx, QueryParams p, Xml out) {
        ManagedPolicy policy = requirePolicy(ctx, required(p, "PolicyArn", "policyArn"));
        out.open("Policy");
        writePolicy(out, policy, attachments(ctx, policy.arn()));
        out.close("Policy");
    }

    void listPolicies(RequestContext ctx, QueryParams p, Xml out) {
        String scope = p.get("Scope") == null ? "All" : p.get("Scope");
        if (!List.of("All", "AWS", "Local").contains(scope)) {
            throw QueryErrors.constraint("scope", scope, "Member must satisfy enum value set: [All, AWS, Local]");
        }
        boolean onlyAttached = "true".equalsIgnoreCase(p.get("OnlyAttached"));
        String prefix = pathPrefix(p);
        List<ManagedPolicy> all = new ArrayList<>();
        if (!scope.equals("Local")) {
            all.addAll(awsPolicies.all());
        }
        if (!scope.equals("AWS")) {
            all.addAll(store.snapshot().all(ctx.accountId(), IamEntity.Kind.POLICY, ManagedPolicy.class));
        }
        List<ManagedPolicy> shown = all.stream().filter(x -> x.path().startsWith(prefix))
                .filter(x -> !onlyAttached || attachments(ctx, x.arn()) > 0).toList();
        page(out, p, "Policies", shown, (x, pol) -> writePolicy(x, pol, attachments(ctx, pol.arn())));
    }

    void deletePolicy(RequestContext ctx, QueryParams p, Xml out) {
        ManagedPolicy policy = requireOwnPolicy(ctx, required(p, "PolicyArn", "policyArn"));
        if (attachments(ctx, policy.arn()) > 0) {
            throw IamErrors.deleteConflict("Cannot delete a policy attached to entities.");
        }
        if (policy.versions().size() > 1) {
            throw IamErrors.deleteConflict("This policy has more than one version. Before you delete a policy, you "
                    + "must delete the policy's versions. The default version is deleted with the policy.");
        }
        store.delete(policy);
    }

    void createPolicyVersion(RequestContext ctx, QueryParams p, Xml out) {
        ManagedPolicy policy = requireOwnPolicy(ctx, required(p, "PolicyArn", "policyArn"));
        String document = managedDocument(required(p, "PolicyDocument", "policyDocument"));
        boolean setDefault = "true".equalsIgnoreCase(p.get("SetAsDefault"));
        if (policy.versions().size() >= POLICY_VERSIONS) {
            throw IamErrors.limitExceeded("A managed policy can have up to " + POLICY_VERSIONS + " versions. Before "
                    + "you create a new version, you must delete an existing version.");
        }
        int next = policy.versions().stream().mapToInt(v -> Integer.parseInt(v.id().substring(1))).max().orElse(0) + 1;
        Instant now = now();
        ManagedPolicy.Version version = new ManagedPolicy.Version("v" + next, document, now);
        List<ManagedPolicy.Version> versions = new ArrayList<>(policy.versions());
        versions.add(version);
        store.put(policy.withVersions(setDefault ? version.id() : policy.defaultVersion(), versions, now));
        out.open("PolicyVersion");
        writeVersion(out, version, setDefault, false);
        out.close("PolicyVersion");
    }

    void getPolicyVersion(RequestContext ctx, QueryParams p, Xml out) {
        ManagedPolicy policy = requirePolicy(ctx, required(p, "PolicyArn", "policyArn"));
        ManagedPolicy.Version version = requireVersion(policy, required(p, "VersionId", "versionId"));
        out.open("PolicyVersion");
        writeVersion(out, version, version.id().equals(policy.defaultVersion()), true);
        out.close("PolicyVersion");
    }

    void listPolicyVersions(RequestContext ctx, QueryParams p, Xml out) {
        ManagedPolicy policy = requirePolicy(ctx, required(p, "PolicyArn", "policyArn"));
        List<ManagedPolicy.Version> newestFirst = new ArrayList<>(policy.versions());
        java.util.Collections.reverse(newestFirst);
        page(out, p, "Versions", newestFirst, (x, v) -> writeVersion(x, v, v.id().equals(policy.defaultVersion()),
                false));
    }

    void deletePolicyVersion(RequestContext ctx, QueryParams p, Xml out) {
        ManagedPolicy policy = requireOwnPolicy(ctx, required(p, "PolicyArn", "policyArn"));
        ManagedPolicy.Version version = requireVersion(policy, required(p, "VersionId", "versionId"));
        if (version.id().equals(policy.defaultVersion())) {
            throw IamErrors.deleteConflict("Cannot delete the default version of a policy.");
        }
        store.put(policy.withVersions(policy.defaultVersion(),
                policy.versions().stream().filter(v -> !v.id().equals(version.id())).toList(), policy.updated()));
    }

    void setDefaultPolicyVersion(RequestContext ctx, QueryParams p, Xml out) {
        ManagedPolicy policy = requireOwnPolicy(ctx, required(p, "PolicyArn", "policyArn"));
        ManagedPolicy.Version version = requireVersion(policy, required(p, "VersionId", "versionId"));
        store.put(policy.withVersions(version.id(), policy.versions(), now()));
    }

    void tagPolicy(RequestContext ctx, QueryParams p, Xml out) {
        ManagedPolicy x = requireOwnPolicy(ctx, required(p, "PolicyArn", "policyArn"));
        store.put(x.withTags(mergeTags(x.tags(), tags(p))));
    }

    void untagPolicy(RequestContext ctx, QueryParams p, Xml out) {
        ManagedPolicy x = requireOwnPolicy(ctx, required(p, "PolicyArn", "policyArn"));
        store.put(x.withTags(removeTags(x.tags(), p)));
    }

    void listPolicyTags(RequestContext ctx, QueryParams p, Xml out) {
        writeTags(out, requirePolicy(ctx, required(p, "PolicyArn", "policyArn")).tags());
        out.element("IsTruncated", false);
    }

    void listEntitiesForPolicy(RequestContext ctx, QueryParams p, Xml out) {
        ManagedPolicy policy = requirePolicy(ctx, required(p, "PolicyArn", "policyArn"));
        IamStore.Snapshot s = store.snapshot();
        out.open("PolicyGroups");
        for (IamGroup g : s.all(ctx.accountId(), IamEntity.Kind.GROUP, IamGroup.class)) {
            if (g.attached().contains(policy.arn())) {
                out.open("member").element("GroupName", g.name()).element("GroupId", g.id()).close("member");
            }
        }
        out.close("PolicyGroups").open("PolicyUsers");
        for (IamUser u : s.all(ctx.accountId(), IamEntity.Kind.USER, IamUser.class)) {
            if (u.attached().contains(policy.arn())) {
                out.open("member").element("UserName", u.name()).element("UserId", u.id()).close("member");
            }
        }
        out.close("PolicyUsers").open("PolicyRoles");
        for (IamRole r : s.all(ctx.accountId(), IamEntity.Kind.ROLE, IamRole.class)) {
            if (r.attached().contains(policy.arn())) {
                out.open("member").element("RoleName", r.name()).element("RoleId", r.id()).close("member");
            }
        }
        out.close("PolicyRoles").element("IsTruncated", false);
    }

    private static String managedDocument(String document) {
        checkSize(document, MANAGED_POLICY_BYTES, "Cannot exceed quota for PolicySize: " + MANAGED_POLICY_BYTES);
        parse(document, Policy.Kind.IDENTITY);
        return document;
    }

    private static ManagedPolicy.Version requireVersion(ManagedPolicy policy, String versionId) {
        return policy.versions().stream().filter(v -> v.id().equals(versionId)).findFirst().orElseThrow(() ->
                IamErrors.noSuchEntity("Policy " + policy.arn() + " version " + versionId + " does not exist or is "
                        + "not attachable."));
    }

    /** Users, groups and roles the policy is attached to (as a policy or as a boundary it is not counted). */
    private int attachments(RequestContext ctx, String policyArn) {
        IamStore.Snapshot s = store.snapshot();
        int n = 0;
        for (IamEntity.Kind kind : List.of(IamEntity.Kind.USER, IamEntity.Kind.GROUP, IamEntity.Kind.ROLE)) {
            for (PolicyHolder h : s.all(ctx.accountId(), kind, PolicyHolder.class)) {
                if (h.attached().contains(policyArn)) {
                    n++;
                }
            }
        }
        return n;
    }

    // ------------------------------------------------------------------ inline and attached policies, for all three

    private void putInline(PolicyHolder holder, QueryParams p, int quota) {
        String policyName = name(p, "PolicyName", 128);
        String document = required(p, "PolicyDocument", "policyDocument");
        parse(document, Policy.Kind.IDENTITY);
        Map<String, String> policies = new LinkedHashMap<>(holder.inlinePolicies());
        policies.keySet().removeIf(k -> k.equalsIgnoreCase(policyName));
        policies.put(policyName, document);
        int total = policies.values().stream().mapToInt(IamModule::nonWhitespaceLength).sum();
        if (total > quota) {
            throw IamErrors.limitExceeded("Maximum policy size of " + quota + " bytes exceeded for "
                    + holder.kind().name().toLowerCase() + " " + holder.name());
        }
        store.put(holder.withInlinePolicies(policies));
    }

    private static void getInline(PolicyHolder holder, QueryParams p, Xml out) {
        String policyName = name(p, "PolicyName", 128);
        Map.Entry<String, String> found = holder.inlinePolicies().entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(policyName)).findFirst()
                .orElseThrow(() -> IamErrors.noSuchInlinePolicy(holder.kind(), policyName));
        out.element("PolicyName", found.getKey()).element("PolicyDocument", encode(found.getValue()));
    }

    private static void listInline(PolicyHolder holder, QueryParams p, Xml out) {
        page(out, p, "PolicyNames", List.copyOf(holder.inlinePolicies().keySet()), null);
    }

    private void deleteInline(PolicyHolder holder, QueryParams p) {
        String policyName = name(p, "PolicyName", 128);
        Map<String, String> policies = new LinkedHashMap<>(holder.inlinePolicies());
        if (!policies.keySet().removeIf(k -> k.equalsIgnoreCase(policyName))) {
            throw IamErrors.noSuchInlinePolicy(holder.kind(), policyName);
        }
        store.put(holder.withInlinePolicies(policies));
    }

    private void attach(RequestContext ctx, PolicyHolder holder, QueryParams p) {
        ManagedPolicy policy = requirePolicy(ctx, required(p, "PolicyArn", "policyArn"));
        if (holder.attached().contains(policy.arn())) {
            return; // attaching twice is no change, as on AWS
        }
        if (holder.attached().size() >= MANAGED_POLICIES_PER_ENTITY) {
            String quota = switch (holder.kind()) {
                case USER -> "PoliciesPerUser";
                case GROUP -> "PoliciesPerGroup";
                default -> "PoliciesPerRole";
            };
            throw IamErrors.limitExceeded("Cannot exceed quota for " + quota + ": " + MANAGED_POLICIES_PER_ENTITY);
        }
        List<String> attached = new ArrayList<>(holder.attached());
        attached.add(policy.arn());
        store.put(holder.withAttached(attached));
    }

    private void detach(PolicyHolder holder, QueryParams p) {
        String arn = required(p, "PolicyArn", "policyArn");
        if (!holder.attached().contains(arn)) {
            throw IamErrors.noSuchEntity("Policy " + arn + " was not found.");
        }
        store.put(holder.withAttached(holder.attached().stream().filter(a -> !a.equals(arn)).toList()));
    }

    private void listAttached(RequestContext ctx, PolicyHolder holder, QueryParams p, Xml out) {
        String prefix = pathPrefix(p);
        List<ManagedPolicy> attached = holder.attached().stream()
                .map(arn -> findPolicy(ctx, arn)).flatMap(Optional::stream)
                .filter(x -> x.path().startsWith(prefix)).toList();
        page(out, p, "AttachedPolicies", attached, (x, pol) -> x.element("PolicyName", pol.name())
                .element("PolicyArn", pol.arn()));
    }

    // ---------------------------------------------------------------------------------------------------- lookups

    private IamUser requireUser(RequestContext ctx, String name) {
        return store.snapshot().find(ctx.accountId(), IamEntity.Kind.USER, name, IamUser.class)
                .orElseThrow(() -> IamErrors.noSuchUser(name));
    }

    private IamGroup requireGroup(RequestContext ctx, String name) {
        return store.snapshot().find(ctx.accountId(), IamEntity.Kind.GROUP, name, IamGroup.class)
                .orElseThrow(() -> IamErrors.noSuchGroup(name));
    }

    private IamRole requireRole(RequestContext ctx, String name) {
        return store.snapshot().find(ctx.accountId(), IamEntity.Kind.ROLE, name, IamRole.class)
                .orElseThrow(() -> IamErrors.noSuchRole(name));
    }

    /** A policy of AWS's or of the caller's account; another account's policies are not the caller's to use. */
    private Optional<ManagedPolicy> findPolicy(RequestContext ctx, String arn) {
        Optional<ManagedPolicy> aws = awsPolicies.find(arn);
        if (aws.isPresent()) {
            return aws;
        }
        return arn.startsWith("arn:aws:iam::" + ctx.accountId() + ":policy/") ? store.snapshot().policy(arn)
                : Optional.empty();
    }

    private ManagedPolicy requirePolicy(RequestContext ctx, String arn) {
        if (!arn.startsWith("arn:")) {
            throw IamErrors.invalidInput("ARN " + arn + " is not valid.");
        }
        return findPolicy(ctx, arn).orElseThrow(() -> IamErrors.noSuchPolicy(arn));
    }

    /** A customer managed policy: AWS's own cannot be changed or deleted. */
    private ManagedPolicy requireOwnPolicy(RequestContext ctx, String arn) {
        ManagedPolicy policy = requirePolicy(ctx, arn);
        if (policy.awsManaged()) {
            throw IamErrors.unmodifiable("Cannot modify an AWS managed policy: " + arn);
        }
        return policy;
    }

    /** The user name of the calling IAM user, from its ARN. */
    private static String callerName(RequestContext ctx) {
        String arn = ctx.principal().arn();
        return arn.substring(arn.lastIndexOf('/') + 1);
    }

    // --------------------------------------------------------------------------------------------------- validation

    private static String required(QueryParams p, String param, String member) {
        String value = p.get(param);
        if (value == null) {
            throw QueryErrors.missing(member);
        }
        return value;
    }

    /** A name parameter: 1 to {@code max} characters of IAM's name alphabet. */
    private static String name(QueryParams p, String param, int max) {
        String member = Character.toLowerCase(param.charAt(0)) + param.substring(1);
        String value = required(p, param, member);
        if (value.isEmpty() || value.length() > max) {
            throw QueryErrors.constraint(member, value, "Member must have length less than or equal to " + max
                    + " and greater than or equal to 1");
        }
        if (!NAME.matcher(value).matches()) {
            throw QueryErrors.constraint(member, value, "Member must satisfy regular expression pattern: [\\w+=,.@-]+");
        }
        return value;
    }

    private static String path(QueryParams p) {
        return p.get("Path") == null ? "/" : path(p.get("Path"), "path");
    }

    private static String path(String value, String member) {
        if (value.length() > 512 || !PATH.matcher(value).matches()) {
            throw QueryErrors.constraint(member, value,
                    "Member must satisfy regular expression pattern: (\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)");
        }
        return value;
    }

    private static String pathPrefix(QueryParams p) {
        return p.get("PathPrefix") == null ? "/" : p.get("PathPrefix");
    }

    private static String pathOr(String path) {
        return path == null ? "/" : path;
    }

    private static String description(QueryParams p) {
        String d = p.get("Description");
        if (d != null && d.length() > 1000) {
            throw QueryErrors.constraint("description", d, "Member must have length less than or equal to 1000");
        }
        return d;
    }

    /** {@code Tags.member.N.Key} / {@code .Value}, as IAM's Query form carries them. */
    private static Map<String, String> tags(QueryParams p) {
        Map<String, String> tags = new LinkedHashMap<>();
        int i = 0;
        for (Map.Entry<String, String> tag : p.keyValues("Tags")) {
            i++;
            if (tag.getKey().isEmpty() || tag.getKey().length() > 128) {
                throw QueryErrors.constraint("tags." + i + ".member.key", tag.getKey(),
                        "Member must have length less than or equal to 128 and greater than or equal to 1");
            }
            tags.put(tag.getKey(), tag.getValue());
        }
        if (tags.size() > TAGS_PER_ENTITY) {
            throw IamErrors.limitExceeded("Cannot exceed quota for TagsPerUser: " + TAGS_PER_ENTITY);
        }
        return tags;
    }

    private static Map<String, String> mergeTags(Map<String, String> current, Map<String, String> added) {
        Map<String, String> merged = new LinkedHashMap<>(current);
        merged.putAll(added);
        if (merged.size() > TAGS_PER_ENTITY) {
            throw IamErrors.limitExceeded("Cannot exceed quota for TagsPerUser: " + TAGS_PER_ENTITY);
        }
        return merged;
    }

    private static Map<String, String> removeTags(Map<String, String> current, QueryParams p) {
        Map<String, String> kept = new LinkedHashMap<>(current);
        p.list("TagKeys.member").forEach(kept::remove);
        return kept;
    }

    /** The policy engine's parser decides what IAM accepts, with IAM's MalformedPolicyDocument messages. */
    private static void parse(String document, Policy.Kind kind) {
        try {
            Policy.parse(document, kind);
        } catch (MalformedPolicyException e) {
            throw IamErrors.malformedPolicy(e.getMessage());
        }
    }

    /** IAM counts a policy's size without its white space. */
    private static void checkSize(String document, int quota, String message) {
        if (nonWhitespaceLength(document) > quota) {
            throw IamErrors.limitExceeded(message);
        }
    }

    private static int nonWhitespaceLength(String document) {
        int n = 0;
        for (int i = 0; i < document.length(); i++) {
            if (!Character.isWhitespace(document.charAt(i))) {
                n++;
            }
        }
        return n;
    }

    // -------------------------------------------------------------------------------------------------- answers

    private static void writeUser(Xml out, IamUser u) {
        out.element("Path", u.path()).element("UserName", u.name()).element("UserId", u.id())
                .element("Arn", u.arn()).element("CreateDate", date(u.created()));
        if (u.boundary() != null) {
            writeBoundary(out, u.boundary());
        }
        if (!u.tags().isEmpty()) {
            writeTags(out, u.tags());
        }
    }

    private static void writeGroup(Xml out, IamGroup g) {
        out.element("Path", g.path()).element("GroupName", g.name()).element("GroupId", g.id())
                .element("Arn", g.arn()).element("CreateDate", date(g.created()));
    }

    private static void writeRole(Xml out, IamRole r) {
        out.element("Path", r.path()).element("RoleName", r.name()).element("RoleId", r.id())
                .element("Arn", r.arn()).element("CreateDate", date(r.created()))
                .element("AssumeRolePolicyDocument", encode(r.trustPolicy()))
                .element("Description", r.description()).element("MaxSessionDuration", r.maxSessionDuration());
        if (r.boundary() != null) {
            writeBoundary(out, r.boundary());
        }
        if (!r.tags().isEmpty()) {
            writeTags(out, r.tags());
        }
    }

    private static void writeBoundary(Xml out, String arn) {
        out.open("PermissionsBoundary").element("PermissionsBoundaryType", "Policy")
                .element("PermissionsBoundaryArn", arn).close("PermissionsBoundary");
    }

    private static void writePolicy(Xml out, ManagedPolicy p, int attachments) {
        out.element("PolicyName", p.name()).element("PolicyId", p.id()).element("Arn", p.arn())
                .element("Path", p.path()).element("DefaultVersionId", p.defaultVersion())
                .element("AttachmentCount", attachments).element("PermissionsBoundaryUsageCount", 0)
                .element("IsAttachable", true).element("Description", p.description())
                .element("CreateDate", date(p.created())).element("UpdateDate", date(p.updated()));
        if (!p.tags().isEmpty()) {
            writeTags(out, p.tags());
        }
    }

    private static void writeVersion(Xml out, ManagedPolicy.Version v, boolean isDefault, boolean withDocument) {
        if (withDocument) {
            out.element("Document", encode(v.document()));
        }
        out.element("VersionId", v.id()).element("IsDefaultVersion", isDefault)
                .element("CreateDate", date(v.created()));
    }

    private static void writeTags(Xml out, Map<String, String> tags) {
        out.open("Tags");
        tags.forEach((k, v) -> out.open("member").element("Key", k).element("Value", v).close("member"));
        out.close("Tags");
    }

    /**
     * A list member with IAM's pagination: {@code MaxItems} (1 to 1000, 100 by default) and {@code Marker} (the
     * index to continue from, as an opaque string).
     */
    private static <T> void page(Xml out, QueryParams p, String member, List<T> items,
                                 java.util.function.BiConsumer<Xml, T> write) {
        int max = 100;
        if (p.get("MaxItems") != null) {
            try {
                max = Integer.parseInt(p.get("MaxItems"));
            } catch (NumberFormatException e) {
                throw QueryErrors.constraint("maxItems", p.get("MaxItems"), "Member must be a number");
            }
            if (max < 1 || max > 1000) {
                throw QueryErrors.constraint("maxItems", p.get("MaxItems"),
                        "Member must have value less than or equal to 1000 and greater than or equal to 1");
            }
        }
        int start = 0;
        if (p.get("Marker") != null) {
            try {
                start = Integer.parseInt(new String(Base64.getUrlDecoder().decode(p.get("Marker")),
                        StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw IamErrors.invalidInput("Invalid Marker.");
            }
        }
        int end = Math.min(items.size(), start + max);
        out.open(member);
        for (T item : items.subList(Math.min(start, items.size()), end)) {
            if (write == null) {
                out.element("member", item);
            } else {
                out.open("member");
                write.accept(out, item);
                out.close("member");
            }
        }
        out.close(member);
        boolean truncated = end < items.size();
        out.element("IsTruncated", truncated);
        if (truncated) {
            out.element("Marker", Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(Integer.toString(end).getBytes(StandardCharsets.UTF_8)));
        }
    }

    /** Policy documents are answered URL-encoded (RFC 3986), as IAM answers them. */
    private static String encode(String document) {
        return URLEncoder.encode(document, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String date(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    private Instant now() {
        return clock.instant();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
