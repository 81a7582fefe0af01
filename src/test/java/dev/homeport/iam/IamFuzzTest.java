package dev.homeport.iam;

import dev.homeport.testing.HomeportServer;
import dev.homeport.testing.RawAwsJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Malformed, hostile and valid IAM and STS requests, correctly signed so they reach the actions: random actions
 * (and unknown ones), names, paths, markers and, above all, mutated policy documents. Every answer must be a success
 * or an AWS Query error document with a 4xx status ({@code <ErrorResponse>} with a code and a request id); never a
 * 5xx. One fixed seed: a failure reproduces exactly.
 */
class IamFuzzTest {
    private static final long SEED = Long.getLong("homeport.fuzz.seed", 0x1A3F022L);
    private static final int REQUESTS = 1500;
    private static final List<String> ACTIONS = List.of("CreateUser", "GetUser", "ListUsers", "DeleteUser", "TagUser",
            "UntagUser", "PutUserPolicy", "GetUserPolicy", "DeleteUserPolicy", "AttachUserPolicy", "DetachUserPolicy",
            "PutUserPermissionsBoundary", "CreateAccessKey", "ListAccessKeys", "UpdateAccessKey", "DeleteAccessKey",
            "GetAccessKeyLastUsed", "CreateGroup", "GetGroup", "AddUserToGroup", "RemoveUserFromGroup", "PutGroupPolicy",
            "DeleteGroup", "CreateRole", "GetRole", "UpdateRole", "UpdateAssumeRolePolicy", "PutRolePolicy",
            "AttachRolePolicy", "DeleteRole", "CreatePolicy", "GetPolicy", "ListPolicies", "CreatePolicyVersion",
            "GetPolicyVersion", "DeletePolicyVersion", "SetDefaultPolicyVersion", "DeletePolicy", "ListEntitiesForPolicy",
            "ListAttachedUserPolicies", "NoSuchAction", "");
    private static final List<String> DOCUMENTS = List.of(
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"secretsmanager:*\",\"Resource\":\"*\"}]}",
            "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Deny\",\"NotAction\":[\"iam:*\"],\"NotResource\":\"arn:aws:iam::*:user/${aws:username}\"}}",
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ecs-tasks.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}",
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{\"ForAnyValue:StringLikeIfExists\":{\"aws:TagKeys\":[\"a*\",1,true]},\"IpAddress\":{\"aws:SourceIp\":\"10.0.0.0/8\"}}}]}");

    private static HomeportServer server;
    private final Random random = new Random(SEED);
    private final List<String> failures = new ArrayList<>();

    @BeforeAll
    static void start() {
        server = HomeportServer.start(c -> c.withRuntime("none"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void iamAndStsAnswerEveryRequestWithoutAServerError() {
        RawAwsJson iam = new RawAwsJson(server.endpoint(), "iam", "us-east-1");
        RawAwsJson sts = new RawAwsJson(server.endpoint(), "sts", "us-east-1");
        int succeeded = 0;
        int malformed = 0;
        for (int i = 0; i < REQUESTS; i++) {
            boolean toSts = random.nextInt(10) == 0;
            Map<String, String> params = toSts ? stsParams() : iamParams();
            String form = form(params);
            RawAwsJson.Response r = (toSts ? sts : iam).form(form, "test", "test");
            String where = form.substring(0, Math.min(form.length(), 300)) + " -> " + r.status() + " "
                    + r.body().substring(0, Math.min(r.body().length(), 300));
            succeeded += r.status() < 400 ? 1 : 0;
            malformed += r.body().contains("<Code>MalformedPolicyDocument</Code>") ? 1 : 0;
            if (r.status() >= 500) {
                failures.add("5xx: " + where);
            } else if (r.status() >= 400 && !(r.body().contains("<ErrorResponse") && r.body().contains("<Code>")
                    && r.body().contains("<RequestId>"))) {
                failures.add("not a Query error document: " + where);
            } else if (r.status() < 400 && !r.body().contains("<RequestId>")) {
                failures.add("an answer without a request id: " + where);
            }
            if (failures.size() > 20) {
                break;
            }
        }
        assertThat(failures).isEmpty();
        // Not a run of signature errors: real actions succeeded, and real documents were judged.
        assertThat(succeeded).isGreaterThan(50);
        assertThat(malformed).isGreaterThan(20);
    }

    private Map<String, String> iamParams() {
        Map<String, String> p = new LinkedHashMap<>();
        // A third of the requests carry a document to an action that reads one.
        boolean withDocument = random.nextInt(3) == 0;
        p.put("Action", withDocument ? pick(List.of("CreatePolicy", "PutUserPolicy", "PutGroupPolicy", "PutRolePolicy",
                "CreateRole", "UpdateAssumeRolePolicy")) : pick(ACTIONS));
        p.put("Version", "2010-05-08");
        String[] members = {"UserName", "GroupName", "RoleName", "PolicyName", "Path", "PathPrefix", "PolicyArn",
                "VersionId", "AccessKeyId", "Status", "MaxItems", "Marker", "MaxSessionDuration", "NewUserName",
                "PermissionsBoundary", "Scope", "OnlyAttached", "SetAsDefault", "Description"};
        for (String member : members) {
            boolean name = member.endsWith("Name");
            if (name ? random.nextInt(4) != 0 : random.nextInt(3) == 0) {
                // Names are mostly valid, so requests get past them to what they carry.
                p.put(member, name && random.nextBoolean() ? "fuzz-" + random.nextInt(4) : value(member));
            }
        }
        if (withDocument || random.nextBoolean()) {
            p.put(p.get("Action").equals("CreateRole") ? "AssumeRolePolicyDocument" : "PolicyDocument", document());
        }
        if (random.nextInt(4) == 0) {
            p.put("Tags.member.1.Key", value("Key"));
            p.put("Tags.member.1.Value", value("Value"));
            p.put("TagKeys.member.1", value("Key"));
        }
        return p;
    }

    private Map<String, String> stsParams() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("Action", pick(List.of("GetCallerIdentity", "AssumeRole", "GetSessionToken", "Bogus")));
        p.put("Version", random.nextBoolean() ? "2011-06-15" : "1999-01-01");
        if (random.nextBoolean()) {
            p.put("RoleArn", value("PolicyArn"));
            p.put("RoleSessionName", value("UserName"));
        }
        return p;
    }

    private String value(String member) {
        return switch (random.nextInt(8)) {
            case 0 -> "";
            case 1 -> "x".repeat(1 + random.nextInt(600));
            case 2 -> "fuzz-" + random.nextInt(6);
            case 3 -> "/" + "p/".repeat(random.nextInt(3));
            case 4 -> "arn:aws:iam::" + (random.nextBoolean() ? "000000000000" : "aws") + ":policy/fuzz-" + random.nextInt(4);
            case 5 -> Integer.toString(random.nextInt(100_000) - 1000);
            case 6 -> "\u00e9\u2603\uD83D\uDE00<&>\"'" + member;
            default -> random.nextBoolean() ? "v" + random.nextInt(7) : "Active";
        };
    }

    /** A policy document, valid or mutated: cut, with a character flipped, a field renamed, or a wrong type. */
    private String document() {
        String doc = pick(DOCUMENTS);
        return switch (random.nextInt(7)) {
            case 0 -> doc;
            case 1 -> doc.substring(0, random.nextInt(doc.length()));
            case 2 -> {
                char[] chars = doc.toCharArray();
                chars[random.nextInt(chars.length)] = "{}[]\":,*?$x0 ".charAt(random.nextInt(13));
                yield new String(chars);
            }
            case 3 -> doc.replace(pick(List.of("\"Effect\"", "\"Action\"", "\"Resource\"", "\"Statement\"",
                    "\"Principal\"", "\"Version\"")), "\"Sid\"");
            case 4 -> doc.replace("\"*\"", pick(List.of("1", "null", "[]", "{}", "\"\"", "[\"*\",2]")));
            case 5 -> doc.replace("2012-10-17", pick(List.of("2008-10-17", "2019-01-01", "")));
            default -> "{\"Version\":\"2012-10-17\",\"Statement\":[" + (doc + ",").repeat(random.nextInt(40)) + "]}";
        };
    }

    private <T> T pick(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }

    private static String form(Map<String, String> params) {
        StringBuilder sb = new StringBuilder();
        params.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return sb.toString();
    }
}
