package dev.homeport.iam.policy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The evaluation logic as tables, one row per case the IAM user guide works through: "Policy evaluation logic"
 * (single account, resource policies naming users, roles, sessions or accounts), "Permissions boundaries", "Session
 * policies", "Cross-account policy evaluation logic", NotAction / NotResource / NotPrincipal, and role trust policies.
 */
class PolicyEvaluatorTest {
    static final String A = "111122223333";
    static final String B = "444455556666";
    static final Caller ALICE = new Caller(A, "arn:aws:iam::" + A + ":user/alice", null, null);
    static final Caller ROOT_A = new Caller(A, "arn:aws:iam::" + A + ":root", null, null);
    static final Caller SESSION = new Caller(A, "arn:aws:iam::" + A + ":role/app",
            "arn:aws:sts::" + A + ":assumed-role/app/task-1", null);
    static final Caller BOB_IN_B = new Caller(B, "arn:aws:iam::" + B + ":user/bob", null, null);
    static final Caller ROOT_B = new Caller(B, "arn:aws:iam::" + B + ":root", null, null);
    static final Caller SESSION_IN_B = new Caller(B, "arn:aws:iam::" + B + ":role/reader",
            "arn:aws:sts::" + B + ":assumed-role/reader/s", null);
    static final Caller ECS_TASKS = new Caller(null, null, null, "ecs-tasks.amazonaws.com");

    static final String GET = "secretsmanager:GetSecretValue";
    static final String SECRET = "arn:aws:secretsmanager:us-east-1:" + A + ":secret:db-AbCdEf";
    static final String OTHER_SECRET = "arn:aws:secretsmanager:us-east-1:" + A + ":secret:app-XyZ123";
    static final String ROLE = "arn:aws:iam::" + A + ":role/deploy";

    static final Policy READ_SECRETS = identity("Allow", GET, "*");
    static final Policy DENY_SECRETS = identity("Deny", "secretsmanager:*", "*");
    static final Policy ALL = identity("Allow", "*", "*");
    static final Policy ONLY_LOGS = identity("Allow", "logs:*", "*");
    static final Policy ASSUME = identity("Allow", "sts:AssumeRole", "*");

    /** One case: who asks for what, the policies in play, and AWS's answer. */
    record Row(String name, Caller caller, String action, String resource, String resourceAccount,
               List<Policy> identity, Policy boundary, List<Policy> session, Policy resourcePolicy,
               boolean policyRequired, Decision decision, Reason reason) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** Builds a row for {@code GetSecretValue} on {@link #SECRET} in account A unless told otherwise. */
    static final class Case {
        private final String name;
        private Caller caller = ALICE;
        private String action = GET;
        private String resource = SECRET;
        private String resourceAccount = A;
        private List<Policy> identity = List.of();
        private Policy boundary;
        private List<Policy> session = List.of();
        private Policy resourcePolicy;
        private boolean policyRequired;

        Case(String name) {
            this.name = name;
        }

        Case caller(Caller c) { caller = c; return this; }
        Case action(String a) { action = a; return this; }
        Case resource(String r, String account) { resource = r; resourceAccount = account; return this; }
        Case identity(Policy... p) { identity = List.of(p); return this; }
        Case boundary(Policy p) { boundary = p; return this; }
        Case session(Policy... p) { session = List.of(p); return this; }
        Case resourcePolicy(Policy p) { resourcePolicy = p; return this; }
        Case trustPolicy(Policy p) { resourcePolicy = p; policyRequired = true; return this; }

        Row allowed() {
            return expect(Decision.ALLOW, Reason.ALLOWED);
        }

        Row explicit(Reason reason) {
            return expect(Decision.EXPLICIT_DENY, reason);
        }

        Row implicit(Reason reason) {
            return expect(Decision.IMPLICIT_DENY, reason);
        }

        private Row expect(Decision decision, Reason reason) {
            return new Row(name, caller, action, resource, resourceAccount, identity, boundary, session,
                    resourcePolicy, policyRequired, decision, reason);
        }
    }

    static Case when(String name) {
        return new Case(name);
    }

    static Stream<Row> singleAccount() {
        return Stream.of(
                when("no policy at all: implicit deny").implicit(Reason.NO_IDENTITY_POLICY),
                when("an identity policy allows").identity(READ_SECRETS).allowed(),
                when("an identity policy for other actions does not").identity(ONLY_LOGS)
                        .implicit(Reason.NO_IDENTITY_POLICY),
                when("one of several identity policies allowing is enough").identity(ONLY_LOGS, READ_SECRETS).allowed(),
                when("an explicit deny beats an allow in another policy").identity(ALL, DENY_SECRETS)
                        .explicit(Reason.EXPLICIT_DENY_IDENTITY),
                when("an explicit deny beats an allow in the same policy").identity(parse("""
                        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},
                         {"Effect":"Deny","Action":"secretsmanager:Get*","Resource":"*"}]}""", Policy.Kind.IDENTITY))
                        .explicit(Reason.EXPLICIT_DENY_IDENTITY),
                when("a resource policy's deny beats an identity allow").identity(ALL)
                        .resourcePolicy(resource("Deny", "*", GET)).explicit(Reason.EXPLICIT_DENY_RESOURCE),
                when("a resource policy's deny naming the account applies to its users").identity(ALL)
                        .resourcePolicy(resource("Deny", A, GET)).explicit(Reason.EXPLICIT_DENY_RESOURCE),
                when("a resource policy naming the user allows without an identity policy")
                        .resourcePolicy(resource("Allow", ALICE.principalArn(), "secretsmanager:*")).allowed(),
                when("a resource policy naming the user is not limited by the boundary").boundary(ONLY_LOGS)
                        .resourcePolicy(resource("Allow", ALICE.principalArn(), "secretsmanager:*")).allowed(),
                when("a resource policy naming everyone allows without an identity policy")
                        .resourcePolicy(resource("Allow", "*", GET)).allowed(),
                when("a resource policy naming only the account delegates to identity policies")
                        .resourcePolicy(resource("Allow", A, "secretsmanager:*")).implicit(Reason.NO_IDENTITY_POLICY),
                when("a resource policy naming the account root ARN delegates the same way")
                        .resourcePolicy(resource("Allow", "arn:aws:iam::" + A + ":root", GET))
                        .implicit(Reason.NO_IDENTITY_POLICY),
                when("a resource policy naming the account, with an identity policy").identity(READ_SECRETS)
                        .resourcePolicy(resource("Allow", A, GET)).allowed(),
                when("a resource policy naming another user does not allow")
                        .resourcePolicy(resource("Allow", "arn:aws:iam::" + A + ":user/carol", GET))
                        .implicit(Reason.NO_IDENTITY_POLICY),
                when("a resource policy for another action does not allow")
                        .resourcePolicy(resource("Allow", ALICE.principalArn(), "secretsmanager:PutSecretValue"))
                        .implicit(Reason.NO_IDENTITY_POLICY),
                // Permissions boundaries: the intersection with identity policies.
                when("a boundary that does not allow the action limits an identity allow").identity(ALL)
                        .boundary(ONLY_LOGS).implicit(Reason.NO_BOUNDARY),
                when("a boundary does not grant by itself").identity(ONLY_LOGS).boundary(READ_SECRETS)
                        .implicit(Reason.NO_IDENTITY_POLICY),
                when("identity policy and boundary both allowing allows").identity(ALL).boundary(READ_SECRETS)
                        .allowed(),
                when("a boundary's deny is explicit").identity(ALL).boundary(DENY_SECRETS)
                        .explicit(Reason.EXPLICIT_DENY_BOUNDARY),
                // Session policies: the intersection with the role's policies.
                when("a session policy limits the role's permissions").caller(SESSION).identity(ALL)
                        .session(ONLY_LOGS).implicit(Reason.NO_SESSION_POLICY),
                when("one of several session policies allowing is enough").caller(SESSION).identity(ALL)
                        .session(ONLY_LOGS, READ_SECRETS).allowed(),
                when("a session policy does not grant by itself").caller(SESSION).identity(ONLY_LOGS)
                        .session(READ_SECRETS).implicit(Reason.NO_IDENTITY_POLICY),
                when("a session policy's deny is explicit").caller(SESSION).identity(ALL).session(DENY_SECRETS)
                        .explicit(Reason.EXPLICIT_DENY_SESSION),
                when("role, boundary and session policy all allowing allows").caller(SESSION).identity(ALL)
                        .boundary(READ_SECRETS).session(READ_SECRETS).allowed(),
                when("a resource policy naming the session allows despite session policy and boundary")
                        .caller(SESSION).boundary(ONLY_LOGS).session(ONLY_LOGS)
                        .resourcePolicy(resource("Allow", SESSION.sessionArn(), "secretsmanager:*")).allowed(),
                when("a resource policy naming the role stands in for an identity policy").caller(SESSION)
                        .resourcePolicy(resource("Allow", SESSION.principalArn(), "secretsmanager:*")).allowed(),
                when("a resource policy naming the role is limited by the session policy").caller(SESSION)
                        .session(ONLY_LOGS).resourcePolicy(resource("Allow", SESSION.principalArn(),
                                "secretsmanager:*")).implicit(Reason.NO_SESSION_POLICY),
                when("a resource policy naming the role is limited by the boundary").caller(SESSION)
                        .boundary(ONLY_LOGS).resourcePolicy(resource("Allow", SESSION.principalArn(),
                                "secretsmanager:*")).implicit(Reason.NO_BOUNDARY),
                // The root user.
                when("root in its own account needs no policy").caller(ROOT_A).allowed(),
                when("root on an account-less resource needs no policy").caller(ROOT_A).action("iam:CreateUser")
                        .resource("*", null).allowed(),
                when("root is stopped by a resource policy's explicit deny").caller(ROOT_A)
                        .resourcePolicy(resource("Deny", A, GET)).explicit(Reason.EXPLICIT_DENY_RESOURCE),
                when("an account-less resource is evaluated as the caller's account").action("iam:ListUsers")
                        .resource("*", null).identity(identity("Allow", "iam:List*", "*")).allowed()
        );
    }

    static Stream<Row> notElements() {
        return Stream.of(
                when("NotAction allows everything but the listed actions: listed").identity(identity("Allow",
                        null, "*", "secretsmanager:*", null)).implicit(Reason.NO_IDENTITY_POLICY),
                when("NotAction allows everything but the listed actions: not listed").action("logs:PutLogEvents")
                        .identity(identity("Allow", null, "*", "secretsmanager:*", null)).allowed(),
                when("NotResource allows every resource but the listed ones: listed").identity(identity("Allow",
                        "*", null, null, "arn:aws:secretsmanager:*:*:secret:db-*")).implicit(Reason.NO_IDENTITY_POLICY),
                when("NotResource allows every resource but the listed ones: not listed").resource(OTHER_SECRET, A)
                        .identity(identity("Allow", "*", null, null, "arn:aws:secretsmanager:*:*:secret:db-*"))
                        .allowed(),
                when("a Deny with NotResource spares the listed resource").identity(ALL, identity("Deny", "*", null,
                        null, "arn:aws:secretsmanager:*:*:secret:db-*")).allowed(),
                when("a Deny with NotResource denies the others").resource(OTHER_SECRET, A).identity(ALL,
                        identity("Deny", "*", null, null, "arn:aws:secretsmanager:*:*:secret:db-*"))
                        .explicit(Reason.EXPLICIT_DENY_IDENTITY),
                when("a Deny with NotAction spares the listed action").identity(ALL, identity("Deny", null, "*",
                        "secretsmanager:Get*", null)).allowed(),
                when("a Deny with NotPrincipal spares the listed user").identity(READ_SECRETS)
                        .resourcePolicy(notPrincipalDeny("\"" + ALICE.principalArn() + "\",\"" + A + "\"")).allowed(),
                when("a Deny with NotPrincipal denies everyone else").caller(BOB_IN_B).identity(READ_SECRETS)
                        .resourcePolicy(notPrincipalDeny("\"" + ALICE.principalArn() + "\",\"" + A + "\""))
                        .explicit(Reason.EXPLICIT_DENY_RESOURCE),
                when("a Deny with NotPrincipal listing only the account does not spare its users")
                        .identity(READ_SECRETS).resourcePolicy(notPrincipalDeny("\"" + A + "\""))
                        .explicit(Reason.EXPLICIT_DENY_RESOURCE),
                when("a Deny with NotPrincipal listing only the role does not spare its sessions").caller(SESSION)
                        .identity(READ_SECRETS).resourcePolicy(notPrincipalDeny("\"" + SESSION.principalArn() + "\""))
                        .explicit(Reason.EXPLICIT_DENY_RESOURCE),
                when("a Deny with NotPrincipal listing the session, its role and account spares it").caller(SESSION)
                        .identity(READ_SECRETS).resourcePolicy(notPrincipalDeny("\"" + SESSION.sessionArn() + "\",\""
                                + SESSION.principalArn() + "\",\"arn:aws:iam::" + A + ":root\"")).allowed(),
                when("an Allow with NotPrincipal allows everyone but the listed").resourcePolicy(parse("""
                        {"Version":"2012-10-17","Statement":{"Effect":"Allow","NotPrincipal":{"AWS":"%s"},
                         "Action":"*","Resource":"*"}}""".formatted("arn:aws:iam::" + A + ":user/carol"),
                        Policy.Kind.RESOURCE)).allowed()
        );
    }

    static Stream<Row> crossAccount() {
        return Stream.of(
                when("the identity policy alone is not enough").caller(BOB_IN_B).identity(ALL)
                        .implicit(Reason.NO_RESOURCE_POLICY),
                when("the resource policy alone is not enough").caller(BOB_IN_B)
                        .resourcePolicy(resource("Allow", B, GET)).implicit(Reason.NO_IDENTITY_POLICY),
                when("the resource policy naming the user alone is not enough either").caller(BOB_IN_B)
                        .resourcePolicy(resource("Allow", BOB_IN_B.principalArn(), GET))
                        .implicit(Reason.NO_IDENTITY_POLICY),
                when("neither side: the resource policy is what is missing").caller(BOB_IN_B)
                        .implicit(Reason.NO_RESOURCE_POLICY),
                when("both allow, the resource policy naming the account").caller(BOB_IN_B).identity(READ_SECRETS)
                        .resourcePolicy(resource("Allow", B, GET)).allowed(),
                when("both allow, the resource policy naming the user").caller(BOB_IN_B).identity(READ_SECRETS)
                        .resourcePolicy(resource("Allow", BOB_IN_B.principalArn(), GET)).allowed(),
                when("a resource policy granting another account does not help").caller(BOB_IN_B).identity(ALL)
                        .resourcePolicy(resource("Allow", "999999999999", "*")).implicit(Reason.NO_RESOURCE_POLICY),
                when("a resource policy granting the owner's own users does not help").caller(BOB_IN_B).identity(ALL)
                        .resourcePolicy(resource("Allow", ALICE.principalArn(), "*"))
                        .implicit(Reason.NO_RESOURCE_POLICY),
                when("the caller's boundary still limits").caller(BOB_IN_B).identity(ALL).boundary(ONLY_LOGS)
                        .resourcePolicy(resource("Allow", B, GET)).implicit(Reason.NO_BOUNDARY),
                when("a session named by the resource policy is still limited by its session policy")
                        .caller(SESSION_IN_B).identity(ALL).session(ONLY_LOGS)
                        .resourcePolicy(resource("Allow", SESSION_IN_B.sessionArn(), GET))
                        .implicit(Reason.NO_SESSION_POLICY),
                when("a session whose role is named, with role policy and session policy allowing")
                        .caller(SESSION_IN_B).identity(READ_SECRETS).session(READ_SECRETS)
                        .resourcePolicy(resource("Allow", SESSION_IN_B.principalArn(), GET)).allowed(),
                when("the resource policy's deny of the account wins").caller(BOB_IN_B).identity(ALL)
                        .resourcePolicy(parse("""
                                {"Version":"2012-10-17","Statement":[
                                 {"Effect":"Allow","Principal":{"AWS":"%s"},"Action":"*","Resource":"*"},
                                 {"Effect":"Deny","Principal":{"AWS":"%s"},"Action":"%s","Resource":"*"}]}"""
                                .formatted(B, B, GET), Policy.Kind.RESOURCE)).explicit(Reason.EXPLICIT_DENY_RESOURCE),
                when("another account's root: the resource policy granting its account is enough").caller(ROOT_B)
                        .resourcePolicy(resource("Allow", "arn:aws:iam::" + B + ":root", GET)).allowed(),
                when("another account's root: without a resource policy, denied").caller(ROOT_B)
                        .implicit(Reason.NO_RESOURCE_POLICY)
        );
    }

    static Stream<Row> trustPolicies() {
        Policy trustsAccount = trust("{\"AWS\":\"" + A + "\"}");
        return Stream.of(
                when("a trust policy naming only a service lets no user assume the role").action("sts:AssumeRole")
                        .resource(ROLE, A).identity(ASSUME).trustPolicy(trust("{\"Service\":\"ecs-tasks.amazonaws.com\"}"))
                        .implicit(Reason.NO_RESOURCE_POLICY),
                when("a role without a trust policy cannot be assumed, even in its account")
                        .action("sts:AssumeRole").resource(ROLE, A).identity(ASSUME).trustPolicy(null)
                        .implicit(Reason.NO_RESOURCE_POLICY),
                when("a trust policy naming the account needs the user's identity policy").action("sts:AssumeRole")
                        .resource(ROLE, A).trustPolicy(trustsAccount).implicit(Reason.NO_IDENTITY_POLICY),
                when("a trust policy naming the account, with the identity policy").action("sts:AssumeRole")
                        .resource(ROLE, A).identity(ASSUME).trustPolicy(trustsAccount).allowed(),
                when("a trust policy naming the user directly").action("sts:AssumeRole").resource(ROLE, A)
                        .trustPolicy(trust("{\"AWS\":\"" + ALICE.principalArn() + "\"}")).allowed(),
                when("root needs the trust policy too").caller(ROOT_A).action("sts:AssumeRole").resource(ROLE, A)
                        .trustPolicy(trust("{\"Service\":\"ecs-tasks.amazonaws.com\"}"))
                        .implicit(Reason.NO_RESOURCE_POLICY),
                when("another account's user needs the trust policy and its own identity policy")
                        .caller(BOB_IN_B).action("sts:AssumeRole").resource(ROLE, A).identity(ASSUME)
                        .trustPolicy(trust("{\"AWS\":\"" + B + "\"}")).allowed(),
                when("the service a trust policy names assumes the role").caller(ECS_TASKS).action("sts:AssumeRole")
                        .resource(ROLE, A).trustPolicy(trust("{\"Service\":\"ecs-tasks.amazonaws.com\"}")).allowed(),
                when("a service the trust policy does not name cannot").caller(ECS_TASKS).action("sts:AssumeRole")
                        .resource(ROLE, A).trustPolicy(trust("{\"Service\":\"lambda.amazonaws.com\"}"))
                        .implicit(Reason.NO_RESOURCE_POLICY)
        );
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"singleAccount", "notElements", "crossAccount", "trustPolicies"})
    void decides(Row row) {
        AccessRequest request = AccessRequest.of(row.caller(), row.action(), row.resource(), Map.of());
        Verdict verdict = PolicyEvaluator.decide(new Evaluation(request, row.resourceAccount(), row.identity(),
                row.boundary(), row.session(), row.resourcePolicy(), row.policyRequired()));
        assertThat(verdict).as(row.name()).isEqualTo(new Verdict(row.decision(), row.reason()));
        assertThat(verdict.allowed()).isEqualTo(row.decision() == Decision.ALLOW);
    }

    @Test
    void allowsCallerDirectlyTellsHowTheResourcePolicyNamesTheCaller() {
        AccessRequest alice = AccessRequest.of(ALICE, GET, SECRET, Map.of());
        AccessRequest session = AccessRequest.of(SESSION, GET, SECRET, Map.of());
        assertThat(resource("Allow", ALICE.principalArn(), GET).allowsCallerDirectly(alice)).isTrue();
        assertThat(resource("Allow", "*", GET).allowsCallerDirectly(alice)).isTrue();
        assertThat(resource("Allow", A, GET).allowsCallerDirectly(alice)).isFalse();
        assertThat(resource("Allow", "arn:aws:iam::" + A + ":root", GET).allowsCallerDirectly(alice)).isFalse();
        assertThat(resource("Allow", SESSION.sessionArn(), GET).allowsCallerDirectly(session)).isTrue();
        assertThat(resource("Allow", SESSION.principalArn(), GET).allowsCallerDirectly(session)).isFalse();
        assertThat(resource("Allow", ALICE.principalArn(), "logs:*").allowsCallerDirectly(alice)).isFalse();
        assertThat(resource("Deny", ALICE.principalArn(), GET).allowsCallerDirectly(alice)).isFalse();
        assertThat(trust("{\"Service\":\"ecs-tasks.amazonaws.com\"}").allowsCallerDirectly(
                AccessRequest.of(ECS_TASKS, "sts:AssumeRole", ROLE, Map.of()))).isTrue();
    }

    @Test
    void reasonsReadAsAwsWritesThem() {
        assertThat(Reason.NO_IDENTITY_POLICY.phrase(GET))
                .isEqualTo("because no identity-based policy allows the secretsmanager:GetSecretValue action");
        assertThat(Reason.NO_RESOURCE_POLICY.phrase("s3:GetObject"))
                .isEqualTo("because no resource-based policy allows the s3:GetObject action");
        assertThat(Reason.NO_BOUNDARY.phrase("s3:GetObject"))
                .isEqualTo("because no permissions boundary allows the s3:GetObject action");
        assertThat(Reason.NO_SESSION_POLICY.phrase("s3:GetObject"))
                .isEqualTo("because no session policy allows the s3:GetObject action");
        assertThat(Reason.EXPLICIT_DENY_IDENTITY.phrase("x:Y")).isEqualTo("with an explicit deny in an identity-based policy");
        assertThat(Reason.EXPLICIT_DENY_RESOURCE.phrase("x:Y")).isEqualTo("with an explicit deny in a resource-based policy");
        assertThat(Reason.EXPLICIT_DENY_BOUNDARY.phrase("x:Y")).isEqualTo("with an explicit deny in a permissions boundary");
        assertThat(Reason.EXPLICIT_DENY_SESSION.phrase("x:Y")).isEqualTo("with an explicit deny in a session policy");
    }

    @Test
    void callersKnowWhetherTheyAreRoot() {
        assertThat(ROOT_A.isRoot()).isTrue();
        assertThat(ALICE.isRoot()).isFalse();
        assertThat(SESSION.isRoot()).isFalse();
        assertThat(ECS_TASKS.isRoot()).isFalse();
        assertThat(new Caller(A, "arn:aws:iam::" + B + ":root", null, null).isRoot()).isFalse();
    }

    @Test
    void actionsMatchRegardlessOfCaseAndResourcesDoNot() {
        Policy policy = identity("Allow", "SecretsManager:getSECRET*", "arn:aws:secretsmanager:*:*:secret:db-*");
        assertThat(policy.evaluate(AccessRequest.of(ALICE, GET, SECRET, Map.of()))).isEqualTo(Policy.Match.ALLOW);
        assertThat(policy.evaluate(AccessRequest.of(ALICE, GET, SECRET.replace("db-", "DB-"), Map.of())))
                .isEqualTo(Policy.Match.NONE);
        assertThat(identity("Allow", "secretsmanager:Get?ecretValue", "*").evaluate(AccessRequest.of(ALICE, GET,
                SECRET, Map.of()))).isEqualTo(Policy.Match.ALLOW);
        assertThat(identity("Allow", "secretsmanager:Get?ecretValue", "*").evaluate(AccessRequest.of(ALICE,
                "secretsmanager:GetSSecretValue", SECRET, Map.of()))).isEqualTo(Policy.Match.NONE);
    }

    // ---- helpers

    static Policy identity(String effect, String action, String resource) {
        return identity(effect, action, resource, null, null);
    }

    /** An identity policy with one statement; null elements are left out. */
    static Policy identity(String effect, String action, String resource, String notAction, String notResource) {
        StringBuilder s = new StringBuilder("{\"Effect\":\"" + effect + "\"");
        if (action != null) {
            s.append(",\"Action\":\"").append(action).append('"');
        }
        if (notAction != null) {
            s.append(",\"NotAction\":\"").append(notAction).append('"');
        }
        if (resource != null) {
            s.append(",\"Resource\":\"").append(resource).append('"');
        }
        if (notResource != null) {
            s.append(",\"NotResource\":\"").append(notResource).append('"');
        }
        return parse("{\"Version\":\"2012-10-17\",\"Statement\":[" + s + "}]}", Policy.Kind.IDENTITY);
    }

    static Policy resource(String effect, String awsPrincipal, String action) {
        return parse("""
                {"Version":"2012-10-17","Statement":[{"Effect":"%s","Principal":{"AWS":"%s"},"Action":"%s","Resource":"*"}]}"""
                .formatted(effect, awsPrincipal, action), Policy.Kind.RESOURCE);
    }

    /** Allows everyone, then denies everyone but the listed AWS principals. */
    static Policy notPrincipalDeny(String listed) {
        return parse("""
                {"Version":"2012-10-17","Statement":[
                  {"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"},
                  {"Effect":"Deny","NotPrincipal":{"AWS":[%s]},"Action":"*","Resource":"*"}]}""".formatted(listed),
                Policy.Kind.RESOURCE);
    }

    static Policy trust(String principal) {
        return parse("""
                {"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":%s,"Action":"sts:AssumeRole"}}"""
                .formatted(principal), Policy.Kind.TRUST);
    }

    static Policy parse(String json, Policy.Kind kind) {
        try {
            return Policy.parse(json, kind);
        } catch (MalformedPolicyException e) {
            throw new AssertionError(e.getMessage() + ": " + json, e);
        }
    }
}
