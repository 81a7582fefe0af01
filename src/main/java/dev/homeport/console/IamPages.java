package dev.homeport.console;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homeport.protocol.AwsServiceException;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * IAM pages: users (with their groups, policies and access keys: a new key's secret is shown once, on the page that
 * answers its creation, and never again), groups, roles with their trust policies, and policies, with a JSON editor
 * that shows IAM's MalformedPolicyDocument message next to the document as typed. Everything goes through IAM's API
 * as the signed-in user, so a user without a permission sees AWS's access-denied message.
 */
final class IamPages implements Section {
    static final String EXAMPLE_POLICY = """
            {
              "Version": "2012-10-17",
              "Statement": [
                {
                  "Effect": "Allow",
                  "Action": "secretsmanager:GetSecretValue",
                  "Resource": "*"
                }
              ]
            }""";
    static final String EXAMPLE_TRUST = """
            {
              "Version": "2012-10-17",
              "Statement": [
                {
                  "Effect": "Allow",
                  "Principal": { "Service": "ecs-tasks.amazonaws.com" },
                  "Action": "sts:AssumeRole"
                }
              ]
            }""";

    @Override
    public String name() {
        return "iam";
    }

    @Override
    public void register(Section.Routes router) {
        router.get("/iam", this::users)
                .post("/iam/users", this::createUser)
                .get("/iam/user", this::user)
                .post("/iam/users/delete", this::deleteUser)
                .post("/iam/users/attach", this::attachUserPolicy)
                .post("/iam/users/detach", this::detachUserPolicy)
                .post("/iam/access-keys", this::createAccessKey)
                .post("/iam/access-keys/status", this::updateAccessKey)
                .post("/iam/access-keys/delete", this::deleteAccessKey)
                .get("/iam/groups", this::groups)
                .post("/iam/groups", this::createGroup)
                .get("/iam/group", this::group)
                .post("/iam/groups/members", this::addUserToGroup)
                .get("/iam/roles", this::roles)
                .post("/iam/roles", this::createRole)
                .get("/iam/role", this::role)
                .get("/iam/policies", this::policies)
                .post("/iam/policies", this::createPolicy)
                .get("/iam/policy", this::policy);
    }

    // ------------------------------------------------------------------------------------------------------ users

    private void users(Exchange x) {
        x.page("iam/users.jte", Map.of("users", x.api().iam("ListUsers", Map.of())));
    }

    private void createUser(Exchange x) {
        String name = x.form().get("name").strip();
        try {
            x.api().iam("CreateUser", Map.of("UserName", name));
            x.flash(Notice.success("User " + name + " was created."));
            x.redirect("/console/iam/user?name=" + Views.url(name));
        } catch (AwsServiceException e) {
            x.flash(Notice.error(e));
            x.redirect("/console/iam");
        }
    }

    private void user(Exchange x) {
        x.page("iam/user.jte", userParams(x.api(), x.query("name"), null));
    }

    private static Map<String, Object> userParams(ConsoleApi api, String name, JsonNode newKey) {
        Map<String, String> byName = Map.of("UserName", name);
        Map<String, Object> params = new HashMap<>();
        params.put("user", api.iam("GetUser", byName).path("User"));
        params.put("keys", api.iam("ListAccessKeys", byName));
        params.put("groups", api.iam("ListGroupsForUser", byName));
        params.put("attached", api.iam("ListAttachedUserPolicies", byName));
        params.put("inline", api.iam("ListUserPolicies", byName));
        params.put("policies", api.iam("ListPolicies", Map.of()));
        params.put("newKey", newKey == null ? ConsoleApi.input() : newKey);
        return params;
    }

    private void deleteUser(Exchange x) {
        String name = x.form().get("name");
        try {
            x.api().iam("DeleteUser", Map.of("UserName", name));
            x.flash(Notice.success("User " + name + " was deleted."));
            x.redirect("/console/iam");
        } catch (AwsServiceException e) {
            x.flash(Notice.error(e));
            x.redirect("/console/iam/user?name=" + Views.url(name));
        }
    }

    private void attachUserPolicy(Exchange x) {
        String name = x.form().get("name");
        act(x, "AttachUserPolicy", Map.of("UserName", name, "PolicyArn", x.form().get("policyArn")),
                "The policy was attached.", "/console/iam/user?name=" + Views.url(name));
    }

    private void detachUserPolicy(Exchange x) {
        String name = x.form().get("name");
        act(x, "DetachUserPolicy", Map.of("UserName", name, "PolicyArn", x.form().get("policyArn")),
                "The policy was detached.", "/console/iam/user?name=" + Views.url(name));
    }

    /** The secret of a new key is on this page only: it is answered, not redirected to, and kept nowhere. */
    private void createAccessKey(Exchange x) {
        String name = x.form().get("name");
        try {
            JsonNode key = x.api().iam("CreateAccessKey", Map.of("UserName", name)).path("AccessKey");
            x.page(200, "iam/user.jte", userParams(x.api(), name, key), Notice.success(
                    "Access key " + Views.text(key, "AccessKeyId") + " was created. Its secret is shown only now."));
        } catch (AwsServiceException e) {
            x.flash(Notice.error(e));
            x.redirect("/console/iam/user?name=" + Views.url(name));
        }
    }

    private void updateAccessKey(Exchange x) {
        String name = x.form().get("name");
        act(x, "UpdateAccessKey", Map.of("UserName", name, "AccessKeyId", x.form().get("keyId"),
                "Status", x.form().get("status")), "Access key " + x.form().get("keyId") + " is now "
                + x.form().get("status") + ".", "/console/iam/user?name=" + Views.url(name));
    }

    private void deleteAccessKey(Exchange x) {
        String name = x.form().get("name");
        act(x, "DeleteAccessKey", Map.of("UserName", name, "AccessKeyId", x.form().get("keyId")),
                "Access key " + x.form().get("keyId") + " was deleted.", "/console/iam/user?name=" + Views.url(name));
    }

    // ----------------------------------------------------------------------------------------------------- groups

    private void groups(Exchange x) {
        x.page("iam/groups.jte", Map.of("groups", x.api().iam("ListGroups", Map.of())));
    }

    private void createGroup(Exchange x) {
        String name = x.form().get("name").strip();
        act(x, "CreateGroup", Map.of("GroupName", name), "Group " + name + " was created.",
                "/console/iam/group?name=" + Views.url(name));
    }

    private void group(Exchange x) {
        String name = x.query("name");
        x.page("iam/group.jte", Map.of("group", x.api().iam("GetGroup", Map.of("GroupName", name)),
                "attached", x.api().iam("ListAttachedGroupPolicies", Map.of("GroupName", name)),
                "users", x.api().iam("ListUsers", Map.of())));
    }

    private void addUserToGroup(Exchange x) {
        String group = x.form().get("group");
        act(x, "AddUserToGroup", Map.of("GroupName", group, "UserName", x.form().get("user")),
                "User " + x.form().get("user") + " was added to " + group + ".",
                "/console/iam/group?name=" + Views.url(group));
    }

    // ------------------------------------------------------------------------------------------------------ roles

    private void roles(Exchange x) {
        x.page("iam/roles.jte", Map.of("roles", x.api().iam("ListRoles", Map.of()), "name", "",
                "document", EXAMPLE_TRUST));
    }

    private void createRole(Exchange x) {
        String name = x.form().get("name").strip();
        String document = x.form().get("document");
        try {
            x.api().iam("CreateRole", Map.of("RoleName", name, "AssumeRolePolicyDocument", document));
            x.flash(Notice.success("Role " + name + " was created."));
            x.redirect("/console/iam/role?name=" + Views.url(name));
        } catch (AwsServiceException e) {
            // The editor again, as typed, with IAM's message (MalformedPolicyDocument says what is wrong).
            x.page(e.httpStatus(), "iam/roles.jte", Map.of("roles", x.api().iam("ListRoles", Map.of()), "name", name,
                    "document", document), Notice.error(e));
        }
    }

    private void role(Exchange x) {
        String name = x.query("name");
        JsonNode role = x.api().iam("GetRole", Map.of("RoleName", name)).path("Role");
        x.page("iam/role.jte", Map.of("role", role,
                "trust", decode(Views.text(role, "AssumeRolePolicyDocument")),
                "attached", x.api().iam("ListAttachedRolePolicies", Map.of("RoleName", name))));
    }

    // --------------------------------------------------------------------------------------------------- policies

    private void policies(Exchange x) {
        x.page("iam/policies.jte", policiesParams(x.api(), "", EXAMPLE_POLICY));
    }

    private static Map<String, Object> policiesParams(ConsoleApi api, String name, String document) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("local", api.iam("ListPolicies", Map.of("Scope", "Local")));
        params.put("aws", api.iam("ListPolicies", Map.of("Scope", "AWS")));
        params.put("name", name);
        params.put("document", document);
        return params;
    }

    private void createPolicy(Exchange x) {
        String name = x.form().get("name").strip();
        String document = x.form().get("document");
        try {
            JsonNode created = x.api().iam("CreatePolicy", Map.of("PolicyName", name, "PolicyDocument", document));
            x.flash(Notice.success("Policy " + name + " was created."));
            x.redirect("/console/iam/policy?arn=" + Views.url(Views.text(created.path("Policy"), "Arn")));
        } catch (AwsServiceException e) {
            x.page(e.httpStatus(), "iam/policies.jte", policiesParams(x.api(), name, document), Notice.error(e));
        }
    }

    private void policy(Exchange x) {
        String arn = x.query("arn");
        JsonNode policy = x.api().iam("GetPolicy", Map.of("PolicyArn", arn)).path("Policy");
        JsonNode version = x.api().iam("GetPolicyVersion", Map.of("PolicyArn", arn, "VersionId",
                Views.text(policy, "DefaultVersionId"))).path("PolicyVersion");
        x.page("iam/policy.jte", Map.of("policy", policy, "document", decode(Views.text(version, "Document")),
                "versions", x.api().iam("ListPolicyVersions", Map.of("PolicyArn", arn))));
    }

    // ------------------------------------------------------------------------------------------------------------

    /** Runs one action, then goes to {@code back} with its outcome as the banner. */
    private static void act(Exchange x, String action, Map<String, String> params, String success, String back) {
        try {
            x.api().iam(action, params);
            x.flash(Notice.success(success));
        } catch (AwsServiceException e) {
            x.flash(Notice.error(e));
        }
        x.redirect(back);
    }

    /** IAM answers policy documents URL-encoded; the pages show them decoded and indented. */
    static String decode(String document) {
        return Views.prettyJson(URLDecoder.decode(document, StandardCharsets.UTF_8));
    }
}
