package dev.homeport.iam.policy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What IAM refuses as MalformedPolicyDocument, with its message, for each kind of policy; and the documents it
 * accepts, including AWS managed policies.
 */
class PolicyParseTest {
    static final Policy.Kind ID = Policy.Kind.IDENTITY;
    static final Policy.Kind RES = Policy.Kind.RESOURCE;
    static final Policy.Kind TRUST = Policy.Kind.TRUST;

    /** A 2012-10-17 document with one statement, written as the fields inside the statement's braces. */
    static String doc(String statementFields) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":{" + statementFields + "}}";
    }

    static Arguments refused(Policy.Kind kind, String json, String message) {
        return Arguments.of(kind, json, message);
    }

    static Stream<Arguments> refusals() {
        String allowAll = "\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"";
        return Stream.of(
                // The grammar: not JSON, wrong types, unknown or clashing fields.
                refused(ID, "not json", "Syntax errors in policy."),
                refused(ID, "", "Syntax errors in policy."),
                refused(ID, "[]", "Syntax errors in policy."),
                refused(ID, "{\"Version\":\"2012-10-17\"}", "Syntax errors in policy."),
                refused(ID, "{\"Version\":\"2012-10-17\",\"Statement\":[]}", "Syntax errors in policy."),
                refused(ID, "{\"Version\":\"2012-10-17\",\"Statement\":[\"x\"]}", "Syntax errors in policy."),
                refused(ID, "{\"Version\":\"2012-10-17\",\"Statement\":{" + allowAll + "},\"Extra\":1}",
                        "Syntax errors in policy."),
                refused(ID, "{\"Version\":\"2012-10-17\",\"Id\":[\"x\"],\"Statement\":{" + allowAll + "}}",
                        "Syntax errors in policy."),
                refused(ID, "{\"Version\":\"2012-10-17\",\"Statement\":{" + allowAll + "}} trailing",
                        "Syntax errors in policy."),
                refused(ID, "{\"Version\":\"2012-10-17\",\"Version\":\"2012-10-17\",\"Statement\":{" + allowAll
                        + "}}", "Syntax errors in policy."),
                refused(ID, doc(allowAll + ",\"Extra\":\"x\""), "Syntax errors in policy."),
                refused(ID, doc("\"Sid\":{}," + allowAll), "Syntax errors in policy."),
                refused(ID, doc("\"Effect\":\"Permit\",\"Action\":\"s3:*\",\"Resource\":\"*\""),
                        "Syntax errors in policy."),
                refused(ID, doc("\"Effect\":true,\"Action\":\"s3:*\",\"Resource\":\"*\""), "Syntax errors in policy."),
                refused(ID, doc("\"Effect\":\"Allow\",\"Action\":{},\"Resource\":\"*\""), "Syntax errors in policy."),
                refused(ID, doc("\"Effect\":\"Allow\",\"Action\":[[]],\"Resource\":\"*\""), "Syntax errors in policy."),
                refused(ID, doc("\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":[\"*\",{}]"),
                        "Syntax errors in policy."),
                refused(ID, doc("\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"NotAction\":\"s3:Get*\",\"Resource\":\"*\""),
                        "Syntax errors in policy."),
                refused(ID, doc("\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\",\"NotResource\":\"*\""),
                        "Syntax errors in policy."),
                refused(ID, doc(allowAll + ",\"Condition\":[]"), "Syntax errors in policy."),
                refused(ID, doc(allowAll + ",\"Condition\":{\"StringEquals\":\"x\"}"), "Syntax errors in policy."),
                refused(ID, doc(allowAll + ",\"Condition\":{\"StringEquals\":{\"aws:username\":{}}}"),
                        "Syntax errors in policy."),
                refused(ID, doc(allowAll + ",\"Condition\":{\"StringEquals\":{\"aws:username\":[null]}}"),
                        "Syntax errors in policy."),
                // An unknown condition operator (IAM's identity parser calls it a syntax error).
                refused(ID, doc(allowAll + ",\"Condition\":{\"StringMaybe\":{\"aws:username\":\"a\"}}"),
                        "Syntax errors in policy."),
                refused(ID, doc(allowAll + ",\"Condition\":{\"ForAnyValue::StringEquals\":{\"aws:username\":\"a\"}}"),
                        "Syntax errors in policy."),
                refused(ID, doc(allowAll + ",\"Condition\":{\"NullIfExists\":{\"aws:username\":\"true\"}}"),
                        "Syntax errors in policy."),
                // Versions: only the two IAM knows.
                refused(ID, "{\"Version\":\"2013-10-17\",\"Statement\":{" + allowAll + "}}", "Syntax errors in policy."),
                refused(ID, "{\"Version\":20121017,\"Statement\":{" + allowAll + "}}", "Syntax errors in policy."),
                // Effect: missing.
                refused(ID, doc("\"Action\":\"s3:*\",\"Resource\":\"*\""), "Syntax errors in policy."),
                refused(RES, doc("\"Principal\":\"*\",\"Action\":\"s3:*\",\"Resource\":\"*\""),
                        "Missing required field Effect"),
                refused(TRUST, doc("\"Principal\":{\"Service\":\"ecs-tasks.amazonaws.com\"},\"Action\":\"sts:AssumeRole\""),
                        "Missing required field Effect"),
                // IAM's legacy parser: Effect's case, dates, ARNs with too few parts.
                refused(ID, doc("\"Effect\":\"allow\",\"Action\":\"s3:*\",\"Resource\":\"*\""),
                        "The policy failed legacy parsing"),
                refused(ID, doc(allowAll + ",\"Condition\":{\"DateGreaterThan\":{\"aws:CurrentTime\":\"soon\"}}"),
                        "The policy failed legacy parsing"),
                refused(ID, doc(allowAll + ",\"Condition\":{\"DateLessThan\":{\"aws:CurrentTime\":\"2016-13-01\"}}"),
                        "The policy failed legacy parsing"),
                refused(ID, doc("\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"arn:aws:s3::bucket\""),
                        "The policy failed legacy parsing"),
                refused(ID, doc("\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"arn:aws::x\""),
                        "The policy failed legacy parsing"),
                // SIDs.
                refused(ID, "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"a\"," + allowAll + "},{\"Sid\":\"a\","
                        + allowAll + "}]}", "Statement IDs (SID) in a single policy must be unique."),
                // Principals.
                refused(ID, doc("\"Principal\":\"*\"," + allowAll), "Policy document should not specify a principal."),
                refused(ID, doc("\"NotPrincipal\":{\"AWS\":\"111122223333\"}," + allowAll),
                        "Policy document should not specify a principal."),
                refused(RES, doc(allowAll), "Missing required field Principal"),
                refused(TRUST, doc("\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\""),
                        "Missing required field Principal"),
                refused(RES, doc("\"Principal\":{\"AWS\":\"*\"},\"NotPrincipal\":{\"AWS\":\"*\"}," + allowAll),
                        "Syntax errors in policy."),
                refused(RES, doc("\"Principal\":{}," + allowAll), "Syntax errors in policy."),
                refused(RES, doc("\"Principal\":{\"AWS\":[]}," + allowAll), "Syntax errors in policy."),
                refused(RES, doc("\"Principal\":\"someone\"," + allowAll), "Invalid principal in policy: \"someone\""),
                refused(RES, doc("\"Principal\":{\"AWS\":\"alice\"}," + allowAll),
                        "Invalid principal in policy: \"AWS\":\"alice\""),
                refused(RES, doc("\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:user/*\"}," + allowAll),
                        "Invalid principal in policy: \"AWS\":\"arn:aws:iam::111122223333:user/*\""),
                refused(RES, doc("\"Principal\":{\"AWS\":\"arn:aws:s3:::bucket\"}," + allowAll),
                        "Invalid principal in policy: \"AWS\":\"arn:aws:s3:::bucket\""),
                refused(RES, doc("\"Principal\":{\"Group\":\"admins\"}," + allowAll),
                        "Invalid principal in policy: \"Group\":\"admins\""),
                refused(TRUST, doc("\"Principal\":{\"Service\":\"\"},\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\""),
                        "Invalid principal in policy: \"SERVICE\":\"\""),
                // Actions.
                refused(ID, doc("\"Effect\":\"Allow\",\"Resource\":\"*\""), "Policy statement must contain actions."),
                refused(ID, doc("\"Effect\":\"Allow\",\"Action\":[],\"Resource\":\"*\""),
                        "Policy statement must contain actions."),
                refused(ID, "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\"},{" + allowAll + "}]}",
                        "Policy statement must contain actions."),
                refused(ID, doc("\"Effect\":\"Allow\",\"Action\":\"getobject\",\"Resource\":\"*\""),
                        "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc."),
                refused(ID, doc("\"Effect\":\"Allow\",\"NotAction\":\"\",\"Resource\":\"*\""),
                        "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc."),
                refused(ID, doc("\"Effect\":\"Allow\",\"Action\":\"s3:List:Bucket\",\"Resource\":\"*\""),
                        "Actions/Condition can contain only one colon."),
                refused(ID, doc("\"Effect\":\"Allow\",\"Action\":\"a a:ListBucket\",\"Resource\":\"*\""),
                        "Vendor a a is not valid"),
                // IAM checks actions' vendors before it misses the resources.
                refused(ID, doc("\"Effect\":\"Allow\",\"Action\":\"invalid\""),
                        "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc."),
                // Resources.
                refused(ID, doc("\"Effect\":\"Allow\",\"Action\":\"s3:*\""), "Policy statement must contain resources."),
                refused(ID, doc("\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":[]"),
                        "Policy statement must contain resources."),
                refused(RES, doc("\"Principal\":\"*\",\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":[]"),
                        "Policy statement must contain resources."),
                refused(ID, doc("\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"bucket\""),
                        "Resource bucket must be in ARN format or \"*\"."),
                refused(ID, doc("\"Effect\":\"Allow\",\"Action\":\"s:3:ListBucket\",\"Resource\":\"bucket\""),
                        "Resource bucket must be in ARN format or \"*\"."),
                refused(ID, doc("\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"arn:aws\""),
                        "Resource vendor must be fully qualified and cannot contain regexes."),
                refused(TRUST, doc("\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ecs-tasks.amazonaws.com\"},"
                        + "\"Action\":\"sts:AssumeRole\",\"Resource\":\"*\""), "Has prohibited field Resource"),
                refused(TRUST, doc("\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"111122223333\"},"
                        + "\"Action\":\"sts:AssumeRole\",\"NotResource\":\"*\""), "Has prohibited field NotResource")
        );
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @MethodSource("refusals")
    void refusesWithIamsMessage(Policy.Kind kind, String json, String message) {
        assertThatThrownBy(() -> Policy.parse(json, kind)).isInstanceOf(MalformedPolicyException.class)
                .hasMessage(message);
    }

    static Stream<Arguments> accepted() {
        return Stream.of(
                Arguments.of(ID, "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}}"),
                Arguments.of(ID, "{\"Version\":\"2008-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\","
                        + "\"Resource\":\"*\"}}"),
                Arguments.of(ID, """
                        {"Version":"2012-10-17","Id":"x","Statement":[
                          {"Sid":"","Effect":"Allow","Action":["s3:Get*","S3:list?ucket"],
                           "Resource":["arn:aws:s3:::b/${aws:username}/*","*"]},
                          {"Sid":"","Effect":"Deny","NotAction":"iam:*","NotResource":"arn:aws:iam::111122223333:user/x"}]}"""),
                Arguments.of(ID, doc("\"Effect\":\"Allow\",\"Action\":\"iam: asdf safdsf af \",\"Resource\":\"*\"")),
                Arguments.of(ID, doc("\"Effect\":\"Allow\",\"Action\":\"s3:ListBucket\",\"Resource\":\"arn:aws:fdsasf\"")),
                Arguments.of(ID, doc("\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\",\"Condition\":{}")),
                Arguments.of(ID, doc("\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\","
                        + "\"Condition\":{\"DateGreaterThan\":{}}")),
                Arguments.of(ID, doc("\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\","
                        + "\"Condition\":{\"SomethingNew\":{}}")),
                Arguments.of(ID, doc("\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\","
                        + "\"Condition\":{\"DateGreaterThan\":{\"aws:CurrentTime\":[]}}")),
                Arguments.of(ID, doc("\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\",\"Condition\":{"
                        + "\"DateGreaterThan\":{\"aws:CurrentTime\":\"2017-07-01T00:00:00Z\"},"
                        + "\"DateLessThan\":{\"aws:CurrentTime\":[\"2017-12-31T23:59:59Z\",\"2016-12-13t2:00:00.5+10:30\"]},"
                        + "\"DateEquals\":{\"aws:EpochTime\":1700000000},"
                        + "\"NumericLessThan\":{\"s3:max-keys\":10},\"Bool\":{\"aws:SecureTransport\":true},"
                        + "\"ForAllValues:StringLikeIfExists\":{\"aws:TagKeys\":[\"a*\",\"b\"]},"
                        + "\"Null\":{\"aws:TokenIssueTime\":\"true\"},"
                        + "\"IpAddress\":{\"aws:SourceIp\":[\"203.0.113.0/24\",\"2001:DB8:1234:5678::/64\"]}}")),
                // A date variable is checked per request, not by the legacy parser.
                Arguments.of(ID, doc("\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\","
                        + "\"Condition\":{\"DateLessThan\":{\"aws:CurrentTime\":\"${aws:TokenIssueTime}\"}}")),
                Arguments.of(RES, """
                        {"Version":"2012-10-17","Statement":[
                          {"Effect":"Allow","Principal":{"AWS":["111122223333","arn:aws:iam::444455556666:root",
                             "arn:aws:iam::111122223333:user/path/alice","arn:aws:iam::111122223333:role/app",
                             "arn:aws:sts::111122223333:assumed-role/app/s1","arn:aws:sts::111122223333:federated-user/f",
                             "AIDACKCEVSQ6C2EXAMPLE"],
                             "Service":["ecs-tasks.amazonaws.com"],"Federated":"cognito-identity.amazonaws.com",
                             "CanonicalUser":"79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"},
                           "Action":"secretsmanager:GetSecretValue","Resource":"*"},
                          {"Effect":"Deny","NotPrincipal":{"AWS":"*"},"NotAction":"secretsmanager:Get*"}]}"""),
                Arguments.of(TRUST, """
                        {"Version":"2012-10-17","Statement":{"Effect":"Allow",
                          "Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole",
                          "Condition":{"StringEquals":{"sts:ExternalId":"x"},"ArnLike":{"aws:SourceArn":"arn:aws:ecs:*:111122223333:*"}}}}"""),
                Arguments.of(TRUST, "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\","
                        + "\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:root\"},\"Action\":[\"sts:AssumeRole\","
                        + "\"sts:TagSession\"]}}")
        );
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("accepted")
    void acceptsAndKeepsTheDocument(Policy.Kind kind, String json) throws MalformedPolicyException {
        Policy policy = Policy.parse(json, kind);
        assertThat(policy.json()).isSameAs(json);
        assertThat(policy.kind()).isEqualTo(kind);
        // Parsing the kept text again gives a policy that decides the same.
        AccessRequest request = AccessRequest.of(new Caller("111122223333", "arn:aws:iam::111122223333:user/alice",
                null, null), "s3:GetObject", "arn:aws:s3:::b/alice/x", Map.of("aws:username", List.of("alice")));
        assertThat(Policy.parse(policy.json(), kind).evaluate(request)).isEqualTo(policy.evaluate(request));
    }

    @Test
    void awsManagedPoliciesParse() throws Exception {
        for (String name : List.of("AdministratorAccess", "ReadOnlyAccess", "SecretsManagerReadWrite",
                "CloudWatchLogsFullAccess", "AmazonEC2ContainerRegistryReadOnly", "AmazonECSTaskExecutionRolePolicy")) {
            try (InputStream in = getClass().getClassLoader().getResourceAsStream("iam/aws-managed/" + name + ".json")) {
                assertThat(in).as(name).isNotNull();
                Policy.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), ID);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void aSecretsManagerReadWriteLikeDocumentParsesAndAllows() throws MalformedPolicyException {
        Policy policy = Policy.parse("""
                {
                  "Version": "2012-10-17",
                  "Statement": [
                    {"Sid": "BasePermissions", "Effect": "Allow",
                     "Action": ["secretsmanager:*", "cloudformation:CreateChangeSet", "ec2:DescribeVpcs",
                                "kms:DescribeKey", "lambda:ListFunctions", "rds:DescribeDBInstances", "tag:GetResources"],
                     "Resource": "*"},
                    {"Sid": "LambdaPermissions", "Effect": "Allow",
                     "Action": ["lambda:AddPermission", "lambda:CreateFunction", "lambda:InvokeFunction"],
                     "Resource": "arn:aws:lambda:*:*:function:SecretsManager*"},
                    {"Sid": "SARPermissions", "Effect": "Allow",
                     "Action": ["serverlessrepo:CreateCloudFormationChangeSet", "serverlessrepo:GetApplication"],
                     "Resource": "arn:aws:serverlessrepo:*:*:applications/SecretsManager*"},
                    {"Sid": "S3Permissions", "Effect": "Allow", "Action": ["s3:GetObject"],
                     "Resource": ["arn:aws:s3:::awsserverlessrepo-changesets*", "arn:aws:s3:::secrets-manager-rotation-apps-*/*"]}
                  ]
                }""", ID);
        Caller alice = new Caller("111122223333", "arn:aws:iam::111122223333:user/alice", null, null);
        assertThat(policy.evaluate(AccessRequest.of(alice, "secretsmanager:GetSecretValue",
                "arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf", Map.of())))
                .isEqualTo(Policy.Match.ALLOW);
        assertThat(policy.evaluate(AccessRequest.of(alice, "lambda:InvokeFunction",
                "arn:aws:lambda:us-east-1:111122223333:function:SecretsManagerRotation", Map.of())))
                .isEqualTo(Policy.Match.ALLOW);
        assertThat(policy.evaluate(AccessRequest.of(alice, "lambda:InvokeFunction",
                "arn:aws:lambda:us-east-1:111122223333:function:other", Map.of())))
                .isEqualTo(Policy.Match.NONE);
        assertThat(policy.evaluate(AccessRequest.of(alice, "iam:CreateUser", "*", Map.of())))
                .isEqualTo(Policy.Match.NONE);
    }
}
