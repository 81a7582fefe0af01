package dev.homeport.iam.policy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The evaluation logic, as tables: each row one of the cases the IAM user guide works through ("Policy evaluation
 * logic", "Cross-account policy evaluation logic", "Permissions boundaries", "Session policies").
 */
class PolicyEvaluatorTest {
    static final String A = "111122223333";
    static final String B = "444455556666";
    static final Caller ALICE = new Caller(A, "arn:aws:iam::" + A + ":user/alice", null, null);
    static final Caller ROOT_A = new Caller(A, "arn:aws:iam::" + A + ":root", null, null);
    static final Caller BOB_IN_B = new Caller(B, "arn:aws:iam::" + B + ":user/bob", null, null);
    static final Caller ROOT_B = new Caller(B, "arn:aws:iam::" + B + ":root", null, null);
    static final Caller SESSION = new Caller(A, "arn:aws:iam::" + A + ":role/app",
            "arn:aws:sts::" + A + ":assumed-role/app/task-1", null);
    static final String SECRET = "arn:aws:secretsmanager:us-east-1:" + A + ":secret:db-AbCdEf";

    static Policy identity(String effect, String action, String resource) {
        return parse("""
                {"Version":"2012-10-17","Statement":[{"Effect":"%s","Action":"%s","Resource":"%s"}]}"""
                .formatted(effect, action, resource), Policy.Kind.IDENTITY);
    }

    static Policy resource(String effect, String principal, String action) {
        return parse("""
                {"Version":"2012-10-17","Statement":[{"Effect":"%s","Principal":{"AWS":"%s"},"Action":"%s","Resource":"*"}]}"""
                .formatted(effect, principal, action), Policy.Kind.RESOURCE);
    }

    static Policy parse(String json, Policy.Kind kind) {
        try {
            return Policy.parse(json, kind);
        } catch (MalformedPolicyException e) {
            throw new AssertionError(e.getMessage() + ": " + json);
        }
    }

    static final Policy READ_SECRETS = identity("Allow", "secretsmanager:GetSecretValue", "*");
    static final Policy DENY_SECRETS = identity("Deny", "secretsmanager:*", "*");
    static final Policy ALL = identity("Allow", "*", "*");
    static final Policy ONLY_LOGS = identity("Allow", "logs:*", "*");

    record Row(String name, Caller caller, String resourceAccount, List<Policy> identity, Policy boundary,
               List<Policy> session, Policy resourcePolicy, Decision decision, Reason reason) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> rows() {
        return Stream.of(
                new Row("same account: no policy at all is an implicit deny", ALICE, A, List.of(), null, List.of(),
                        null, Decision.IMPLICIT_DENY, Reason.NO_IDENTITY_POLICY),
                new Row("same account: an identity policy allows", ALICE, A, List.of(READ_SECRETS), null, List.of(),
                        null, Decision.ALLOW, Reason.ALLOWED),
                new Row("an explicit deny beats an allow", ALICE, A, List.of(ALL, DENY_SECRETS), null, List.of(), null,
                        Decision.EXPLICIT_DENY, Reason.EXPLICIT_DENY_IDENTITY),
                new Row("a resource policy's deny beats an identity allow", ALICE, A, List.of(ALL), null, List.of(),
                        resource("Deny", "*", "secretsmanager:GetSecretValue"), Decision.EXPLICIT_DENY,
                        Reason.EXPLICIT_DENY_RESOURCE),
                new Row("same account: a resource policy naming the user allows without an identity policy", ALICE,
                        A, List.of(), null, List.of(), resource("Allow", ALICE.principalArn(), "secretsmanager:*"),
                        Decision.ALLOW, Reason.ALLOWED),
                new Row("same account: a resource policy naming only the account delegates to identity policies",
                        ALICE, A, List.of(), null, List.of(), resource("Allow", A, "secretsmanager:*"),
                        Decision.IMPLICIT_DENY, Reason.NO_IDENTITY_POLICY),
                new Row("a boundary that does not allow the action limits an identity allow", ALICE, A, List.of(ALL),
                        ONLY_LOGS, List.of(), null, Decision.IMPLICIT_DENY, Reason.NO_BOUNDARY),
                new Row("a boundary does not grant by itself", ALICE, A, List.of(ONLY_LOGS), READ_SECRETS, List.of(),
                        null, Decision.IMPLICIT_DENY, Reason.NO_IDENTITY_POLICY),
                new Row("identity and boundary both allowing allows", ALICE, A, List.of(ALL), READ_SECRETS, List.of(),
                        null, Decision.ALLOW, Reason.ALLOWED),
                new Row("a boundary's deny is explicit", ALICE, A, List.of(ALL), DENY_SECRETS, List.of(), null,
                        Decision.EXPLICIT_DENY, Reason.EXPLICIT_DENY_BOUNDARY),
                new Row("a session policy limits the role's permissions", SESSION, A, List.of(ALL), null,
                        List.of(ONLY_LOGS), null, Decision.IMPLICIT_DENY, Reason.NO_SESSION_POLICY),
                new Row("a resource policy naming the session allows despite the session policy", SESSION, A,
                        List.of(), null, List.of(ONLY_LOGS), resource("Allow", SESSION.sessionArn(), "secretsmanager:*"),
                        Decision.ALLOW, Reason.ALLOWED),
                new Row("a resource policy naming the role is limited by the session policy", SESSION, A, List.of(),
                        null, List.of(ONLY_LOGS), resource("Allow", SESSION.principalArn(), "secretsmanager:*"),
                        Decision.IMPLICIT_DENY, Reason.NO_SESSION_POLICY),
                new Row("root in its own account needs no policy", ROOT_A, A, List.of(), null, List.of(), null,
                        Decision.ALLOW, Reason.ALLOWED),
                new Row("cross-account: the identity policy alone is not enough", BOB_IN_B, A, List.of(ALL), null,
                        List.of(), null, Decision.IMPLICIT_DENY, Reason.NO_RESOURCE_POLICY),
                new Row("cross-account: the resource policy alone is not enough", BOB_IN_B, A, List.of(), null,
                        List.of(), resource("Allow", B, "secretsmanager:GetSecretValue"), Decision.IMPLICIT_DENY,
                        Reason.NO_IDENTITY_POLICY),
                new Row("cross-account: both allow", BOB_IN_B, A, List.of(READ_SECRETS), null, List.of(),
                        resource("Allow", B, "secretsmanager:GetSecretValue"), Decision.ALLOW, Reason.ALLOWED),
                new Row("cross-account: a resource policy naming the user, with its identity policy", BOB_IN_B, A,
                        List.of(READ_SECRETS), null, List.of(), resource("Allow", BOB_IN_B.principalArn(),
                        "secretsmanager:GetSecretValue"), Decision.ALLOW, Reason.ALLOWED),
                new Row("cross-account root: the resource policy granting its account is enough", ROOT_B, A,
                        List.of(), null, List.of(), resource("Allow", "arn:aws:iam::" + B + ":root",
                        "secretsmanager:GetSecretValue"), Decision.ALLOW, Reason.ALLOWED),
                new Row("cross-account root: without a resource policy, denied", ROOT_B, A, List.of(), null,
                        List.of(), null, Decision.IMPLICIT_DENY, Reason.NO_RESOURCE_POLICY),
                new Row("cross-account: a resource policy granting another account does not help", BOB_IN_B, A,
                        List.of(ALL), null, List.of(), resource("Allow", "999999999999", "*"),
                        Decision.IMPLICIT_DENY, Reason.NO_RESOURCE_POLICY),
                new Row("NotAction allows everything but the listed actions", ALICE, A, List.of(parse("""
                        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":"secretsmanager:*","Resource":"*"}]}""",
                        Policy.Kind.IDENTITY)), null, List.of(), null, Decision.IMPLICIT_DENY,
                        Reason.NO_IDENTITY_POLICY),
                new Row("NotResource allows every resource but the listed ones", ALICE, A, List.of(parse("""
                        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","NotResource":"arn:aws:secretsmanager:*:*:secret:db-*"}]}""",
                        Policy.Kind.IDENTITY)), null, List.of(), null, Decision.IMPLICIT_DENY,
                        Reason.NO_IDENTITY_POLICY),
                new Row("a Deny with NotResource spares the listed resource", ALICE, A, List.of(ALL, parse("""
                        {"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","NotResource":"arn:aws:secretsmanager:*:*:secret:db-*"}]}""",
                        Policy.Kind.IDENTITY)), null, List.of(), null, Decision.ALLOW, Reason.ALLOWED),
                new Row("NotPrincipal denies everyone but the named user", BOB_IN_B, A, List.of(READ_SECRETS), null,
                        List.of(), parse("""
                        {"Version":"2012-10-17","Statement":[
                          {"Effect":"Allow","Principal":{"AWS":"%s"},"Action":"*","Resource":"*"},
                          {"Effect":"Deny","NotPrincipal":{"AWS":"%s"},"Action":"*","Resource":"*"}]}"""
                        .formatted(B, ALICE.principalArn()), Policy.Kind.RESOURCE), Decision.EXPLICIT_DENY,
                        Reason.EXPLICIT_DENY_RESOURCE)
        ).map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void decides(Row row) {
        AccessRequest request = AccessRequest.of(row.caller(), "secretsmanager:GetSecretValue", SECRET, Map.of());
        Verdict verdict = PolicyEvaluator.decide(new Evaluation(request, row.resourceAccount(), row.identity(),
                row.boundary(), row.session(), row.resourcePolicy()));
        assertThat(verdict.decision()).as(row.name()).isEqualTo(row.decision());
        assertThat(verdict.reason()).as(row.name()).isEqualTo(row.reason());
    }

    @org.junit.jupiter.api.Test
    void reasonsReadAsAwsWritesThem() {
        assertThat(Reason.NO_IDENTITY_POLICY.phrase("secretsmanager:GetSecretValue"))
                .isEqualTo("because no identity-based policy allows the secretsmanager:GetSecretValue action");
        assertThat(Reason.EXPLICIT_DENY_RESOURCE.phrase("x:Y"))
                .isEqualTo("with an explicit deny in a resource-based policy");
    }
}
