package dev.homeport.iam.policy;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Properties AWS's evaluation logic guarantees, over generated policies: an explicit deny that covers a request
 * always wins; adding an Allow statement never takes an allowed request away; another account never gets in
 * unless both the resource's policy and its own side allow.
 */
class PolicyPropertiesTest {
    static final String A = "111122223333";
    static final String B = "444455556666";
    static final List<String> ACTIONS = List.of("secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue",
            "ecs:RunTask", "logs:PutLogEvents");
    static final List<String> RESOURCES = List.of("arn:aws:secretsmanager:us-east-1:" + A + ":secret:db-AbCdEf",
            "arn:aws:ecs:us-east-1:" + A + ":task-definition/web:1", "*");

    record Stmt(boolean allow, String action, String resource, boolean withCondition) {
        String json(boolean withPrincipal, String principal) {
            return "{\"Effect\":\"" + (allow ? "Allow" : "Deny") + "\","
                    + (withPrincipal ? "\"Principal\":{\"AWS\":\"" + principal + "\"}," : "")
                    + "\"Action\":\"" + action + "\",\"Resource\":\"" + resource + "\""
                    + (withCondition ? ",\"Condition\":{\"StringEquals\":{\"aws:RequestedRegion\":\"us-east-1\"}}" : "")
                    + "}";
        }
    }

    @Provide
    Arbitrary<Stmt> statements() {
        Arbitrary<String> actions = Arbitraries.oneOf(Arbitraries.of(ACTIONS),
                Arbitraries.of("*", "secretsmanager:*", "secretsmanager:Get*", "ecs:*", "logs:Put*"));
        Arbitrary<String> resources = Arbitraries.oneOf(Arbitraries.of(RESOURCES),
                Arbitraries.of("arn:aws:secretsmanager:*:*:secret:db-*", "arn:aws:ecs:*:*:*"));
        return Combinators.combine(Arbitraries.of(true, false), actions, resources, Arbitraries.of(true, false))
                .as(Stmt::new);
    }

    @Provide
    Arbitrary<List<Stmt>> policies() {
        return statements().list().ofMinSize(1).ofMaxSize(4);
    }

    @Provide
    Arbitrary<AccessRequest> requests() {
        return Combinators.combine(Arbitraries.of(ACTIONS), Arbitraries.of(RESOURCES), Arbitraries.of("us-east-1", "eu-west-1"))
                .as((action, resource, region) -> AccessRequest.of(new Caller(A, "arn:aws:iam::" + A + ":user/alice",
                        null, null), action, resource, Map.of("aws:RequestedRegion", List.of(region))));
    }

    static Policy identity(List<Stmt> statements) {
        return parse(statements.stream().map(s -> s.json(false, null)).toList(), Policy.Kind.IDENTITY);
    }

    static Policy resource(List<Stmt> statements, String principal) {
        return parse(statements.stream().map(s -> s.json(true, principal)).toList(), Policy.Kind.RESOURCE);
    }

    static Policy parse(List<String> statements, Policy.Kind kind) {
        try {
            return Policy.parse("{\"Version\":\"2012-10-17\",\"Statement\":[" + String.join(",", statements) + "]}",
                    kind);
        } catch (MalformedPolicyException e) {
            throw new AssertionError(e);
        }
    }

    static Verdict decide(AccessRequest request, String owner, List<Policy> identity, Policy resource) {
        return PolicyEvaluator.decide(new Evaluation(request, owner, identity, null, List.of(), resource));
    }

    @Property(tries = 300)
    void anExplicitDenyThatCoversTheRequestAlwaysWins(@ForAll("policies") List<Stmt> policy,
                                                       @ForAll("requests") AccessRequest request) {
        List<Stmt> withDeny = new ArrayList<>(policy);
        withDeny.add(new Stmt(false, request.action(), request.resource(), false));
        Verdict verdict = decide(request, A, List.of(identity(withDeny)), null);
        assertThat(verdict.decision()).isEqualTo(Decision.EXPLICIT_DENY);
    }

    @Property(tries = 300)
    void addingAnAllowNeverRemovesAccess(@ForAll("policies") List<Stmt> policy, @ForAll("statements") Stmt added,
                                         @ForAll("requests") AccessRequest request) {
        Stmt allow = new Stmt(true, added.action(), added.resource(), added.withCondition());
        Verdict before = decide(request, A, List.of(identity(policy)), null);
        List<Stmt> more = new ArrayList<>(policy);
        more.add(allow);
        Verdict after = decide(request, A, List.of(identity(more)), null);
        if (before.allowed()) {
            assertThat(after.allowed()).isTrue();
        }
    }

    @Property(tries = 300)
    void aForeignAccountNeedsBothSides(@ForAll("policies") List<Stmt> identityStatements,
                                       @ForAll("policies") List<Stmt> resourceStatements,
                                       @ForAll("requests") AccessRequest ownRequest) {
        AccessRequest request = AccessRequest.of(new Caller(B, "arn:aws:iam::" + B + ":user/mallory", null, null),
                ownRequest.action(), ownRequest.resource(), ownRequest.context());
        Policy identity = identity(identityStatements);
        Policy resource = resource(resourceStatements, B);
        Verdict both = decide(request, A, List.of(identity), resource);
        if (both.allowed()) {
            assertThat(identity.evaluate(request)).isEqualTo(Policy.Match.ALLOW);
            assertThat(resource.evaluate(request)).isEqualTo(Policy.Match.ALLOW);
        }
        assertThat(decide(request, A, List.of(identity), null).allowed()).isFalse();
        assertThat(decide(request, A, List.of(), resource).allowed()).isFalse();
    }
}
