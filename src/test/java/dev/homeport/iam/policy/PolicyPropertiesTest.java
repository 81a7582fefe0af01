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
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What AWS's evaluation logic guarantees, over generated policies of every type and generated callers in the
 * resource's account and in another: an explicit deny that applies always wins; adding an Allow statement never
 * takes access away; a caller from another account gets in only when both the resource's policy and its own side
 * allow.
 */
class PolicyPropertiesTest {
    static final String A = "111122223333";
    static final String B = "444455556666";
    static final List<Caller> CALLERS = List.of(
            new Caller(A, "arn:aws:iam::" + A + ":user/alice", null, null),
            new Caller(A, "arn:aws:iam::" + A + ":role/app", "arn:aws:sts::" + A + ":assumed-role/app/s1", null),
            new Caller(A, "arn:aws:iam::" + A + ":root", null, null),
            new Caller(B, "arn:aws:iam::" + B + ":user/bob", null, null),
            new Caller(B, "arn:aws:iam::" + B + ":role/reader", "arn:aws:sts::" + B + ":assumed-role/reader/s2", null),
            new Caller(B, "arn:aws:iam::" + B + ":root", null, null));
    static final List<String> PRINCIPALS = List.of("\"*\"", "{\"AWS\":\"*\"}", "{\"AWS\":\"" + A + "\"}",
            "{\"AWS\":\"" + B + "\"}", "{\"AWS\":\"arn:aws:iam::" + B + ":root\"}",
            "{\"AWS\":\"arn:aws:iam::" + A + ":user/alice\"}", "{\"AWS\":\"arn:aws:iam::" + B + ":user/bob\"}",
            "{\"AWS\":\"arn:aws:iam::" + A + ":role/app\"}", "{\"AWS\":\"arn:aws:sts::" + B + ":assumed-role/reader/s2\"}",
            "{\"AWS\":\"999999999999\"}");
    static final List<String> ACTIONS = List.of("secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue",
            "ecs:RunTask", "logs:PutLogEvents");
    static final List<String> RESOURCES = List.of("arn:aws:secretsmanager:us-east-1:" + A + ":secret:db-AbCdEf",
            "arn:aws:ecs:us-east-1:" + A + ":task-definition/web:1", "*");

    /** A generated statement; {@code principal} is used in resource policies only. */
    record Stmt(boolean allow, String action, boolean notAction, String resource, boolean notResource,
                String principal, boolean withCondition) {
        String json(boolean withPrincipal) {
            return "{\"Effect\":\"" + (allow ? "Allow" : "Deny") + "\","
                    + (withPrincipal ? "\"Principal\":" + principal + "," : "")
                    + "\"" + (notAction ? "NotAction" : "Action") + "\":\"" + action + "\","
                    + "\"" + (notResource ? "NotResource" : "Resource") + "\":\"" + resource + "\""
                    + (withCondition ? ",\"Condition\":{\"StringEquals\":{\"aws:RequestedRegion\":\"us-east-1\"}}" : "")
                    + "}";
        }

        Stmt asAllow() {
            return new Stmt(true, action, notAction, resource, notResource, principal, withCondition);
        }
    }

    /** The policies of one evaluation, as statements; empty optionals and lists are absent policies. */
    record Setup(List<List<Stmt>> identity, Optional<List<Stmt>> boundary, List<List<Stmt>> session,
                 Optional<List<Stmt>> resource) {
    }

    enum Slot { IDENTITY, BOUNDARY, SESSION, RESOURCE }

    @Provide
    Arbitrary<Stmt> statements() {
        Arbitrary<String> actions = Arbitraries.oneOf(Arbitraries.of(ACTIONS),
                Arbitraries.of("*", "secretsmanager:*", "secretsmanager:Get*", "ecs:*", "logs:Put*", "*:Get*"));
        Arbitrary<String> resources = Arbitraries.oneOf(Arbitraries.of(RESOURCES),
                Arbitraries.of("arn:aws:secretsmanager:*:*:secret:db-*", "arn:aws:ecs:*:*:*", "arn:aws:*"));
        Arbitrary<Boolean> rarely = Arbitraries.of(true, false, false, false);
        return Combinators.combine(Arbitraries.of(true, true, false), actions, rarely, resources, rarely,
                Arbitraries.of(PRINCIPALS), Arbitraries.of(true, false)).as(Stmt::new);
    }

    @Provide
    Arbitrary<List<Stmt>> policies() {
        return statements().list().ofMinSize(1).ofMaxSize(4);
    }

    @Provide
    Arbitrary<Setup> setups() {
        return Combinators.combine(policies().list().ofMaxSize(3), policies().optional(0.4),
                policies().list().ofMaxSize(2), policies().optional(0.6)).as(Setup::new);
    }

    @Provide
    Arbitrary<AccessRequest> requests() {
        return Combinators.combine(Arbitraries.of(CALLERS), Arbitraries.of(ACTIONS), Arbitraries.of(RESOURCES),
                Arbitraries.of("us-east-1", "eu-west-1")).as((caller, action, resource, region) ->
                AccessRequest.of(caller, action, resource, Map.of("aws:RequestedRegion", List.of(region))));
    }

    @Property(tries = 200)
    void anExplicitDenyThatAppliesAlwaysWins(@ForAll("setups") Setup setup, @ForAll("requests") AccessRequest request,
                                             @ForAll Slot slot) {
        Stmt deny = new Stmt(false, request.action(), false, request.resource(), false, "\"*\"", false);
        Verdict verdict = decide(with(setup, slot, deny), request);
        assertThat(verdict.decision()).isEqualTo(Decision.EXPLICIT_DENY);
        // The reason names the first type, in the evaluator's order, whose policies deny.
        Reason expected = denyIn(setup, request, Slot.IDENTITY) || slot == Slot.IDENTITY
                ? Reason.EXPLICIT_DENY_IDENTITY
                : denyIn(setup, request, Slot.RESOURCE) || slot == Slot.RESOURCE ? Reason.EXPLICIT_DENY_RESOURCE
                : denyIn(setup, request, Slot.BOUNDARY) || slot == Slot.BOUNDARY ? Reason.EXPLICIT_DENY_BOUNDARY
                : Reason.EXPLICIT_DENY_SESSION;
        assertThat(verdict.reason()).isEqualTo(expected);
    }

    @Property(tries = 200)
    void addingAnAllowStatementNeverTakesAccessAway(@ForAll("setups") Setup setup, @ForAll("statements") Stmt added,
                                                    @ForAll("requests") AccessRequest request, @ForAll Slot slot) {
        // A boundary or session policy that did not exist would be a new limit, not an Allow added to a policy.
        Slot into = slot == Slot.BOUNDARY && setup.boundary().isEmpty()
                || slot == Slot.SESSION && setup.session().isEmpty() ? Slot.IDENTITY : slot;
        Verdict before = decide(setup, request);
        Verdict after = decide(with(setup, into, added.asAllow()), request);
        if (before.allowed()) {
            assertThat(after.allowed()).isTrue();
        }
        if (before.decision() == Decision.EXPLICIT_DENY) {
            assertThat(after).isEqualTo(before); // an Allow cannot lift an explicit deny either
        }
    }

    @Property(tries = 200)
    void anotherAccountNeedsBothTheResourcePolicyAndItsOwnSide(@ForAll("setups") Setup setup,
                                                               @ForAll("requests") AccessRequest request) {
        Caller caller = request.caller();
        Evaluation e = evaluation(setup, request);
        // A resource without an account ("*") is evaluated in the caller's account.
        boolean foreign = e.resourceAccount() != null && !caller.accountId().equals(e.resourceAccount());
        if (!foreign || !PolicyEvaluator.decide(e).allowed()) {
            return;
        }
        assertThat(e.resourcePolicy()).isNotNull();
        assertThat(e.resourcePolicy().evaluate(request)).isEqualTo(Policy.Match.ALLOW);
        if (!caller.isRoot()) {
            assertThat(e.identityPolicies().stream().anyMatch(p -> p.evaluate(request) == Policy.Match.ALLOW))
                    .isTrue();
            if (e.boundary() != null) {
                assertThat(e.boundary().evaluate(request)).isEqualTo(Policy.Match.ALLOW);
            }
            if (!e.sessionPolicies().isEmpty()) {
                assertThat(e.sessionPolicies().stream().anyMatch(p -> p.evaluate(request) == Policy.Match.ALLOW))
                        .isTrue();
            }
        }
        // And neither side alone would do.
        Evaluation withoutResource = new Evaluation(request, A, e.identityPolicies(), e.boundary(),
                e.sessionPolicies(), null);
        assertThat(PolicyEvaluator.decide(withoutResource).reason()).isEqualTo(Reason.NO_RESOURCE_POLICY);
        if (!caller.isRoot()) {
            Evaluation withoutIdentity = new Evaluation(request, A, List.of(), e.boundary(), e.sessionPolicies(),
                    e.resourcePolicy());
            assertThat(PolicyEvaluator.decide(withoutIdentity).reason()).isEqualTo(Reason.NO_IDENTITY_POLICY);
        }
    }

    // ---- helpers

    static Verdict decide(Setup setup, AccessRequest request) {
        return PolicyEvaluator.decide(evaluation(setup, request));
    }

    /** The setup as an evaluation of a request on a resource in account A ({@code *}: no account). */
    static Evaluation evaluation(Setup setup, AccessRequest request) {
        String owner = request.resource().equals("*") ? null : A;
        return new Evaluation(request, owner,
                setup.identity().stream().map(s -> policy(s, Policy.Kind.IDENTITY)).toList(),
                setup.boundary().map(s -> policy(s, Policy.Kind.IDENTITY)).orElse(null),
                setup.session().stream().map(s -> policy(s, Policy.Kind.IDENTITY)).toList(),
                setup.resource().map(s -> policy(s, Policy.Kind.RESOURCE)).orElse(null));
    }

    /** The setup with one more statement in a policy of the slot's type (a new policy when there is none). */
    static Setup with(Setup setup, Slot slot, Stmt added) {
        return switch (slot) {
            case IDENTITY -> new Setup(appendToFirst(setup.identity(), added), setup.boundary(), setup.session(),
                    setup.resource());
            case BOUNDARY -> new Setup(setup.identity(), Optional.of(append(setup.boundary().orElse(List.of()), added)),
                    setup.session(), setup.resource());
            case SESSION -> new Setup(setup.identity(), setup.boundary(), appendToFirst(setup.session(), added),
                    setup.resource());
            case RESOURCE -> new Setup(setup.identity(), setup.boundary(), setup.session(),
                    Optional.of(append(setup.resource().orElse(List.of()), added)));
        };
    }

    /** Whether the setup's own policies of a type already deny the request (which then names the reason first). */
    static boolean denyIn(Setup setup, AccessRequest request, Slot slot) {
        Evaluation e = evaluation(setup, request);
        return switch (slot) {
            case IDENTITY -> e.identityPolicies().stream().anyMatch(p -> p.evaluate(request) == Policy.Match.DENY);
            case RESOURCE -> e.resourcePolicy() != null && e.resourcePolicy().evaluate(request) == Policy.Match.DENY;
            case BOUNDARY -> e.boundary() != null && e.boundary().evaluate(request) == Policy.Match.DENY;
            case SESSION -> e.sessionPolicies().stream().anyMatch(p -> p.evaluate(request) == Policy.Match.DENY);
        };
    }

    static List<List<Stmt>> appendToFirst(List<List<Stmt>> policies, Stmt added) {
        List<List<Stmt>> out = new ArrayList<>(policies);
        if (out.isEmpty()) {
            out.add(List.of(added));
        } else {
            out.set(0, append(out.getFirst(), added));
        }
        return out;
    }

    static List<Stmt> append(List<Stmt> statements, Stmt added) {
        List<Stmt> out = new ArrayList<>(statements);
        out.add(added);
        return out;
    }

    static Policy policy(List<Stmt> statements, Policy.Kind kind) {
        String json = "{\"Version\":\"2012-10-17\",\"Statement\":["
                + String.join(",", statements.stream().map(s -> s.json(kind != Policy.Kind.IDENTITY)).toList()) + "]}";
        try {
            return Policy.parse(json, kind);
        } catch (MalformedPolicyException e) {
            throw new AssertionError(e.getMessage() + ": " + json, e);
        }
    }
}
