package dev.homeport.iam;

import dev.homeport.iam.policy.AccessRequest;
import dev.homeport.iam.policy.Caller;
import dev.homeport.iam.policy.Evaluation;
import dev.homeport.iam.policy.MalformedPolicyException;
import dev.homeport.iam.policy.Policy;
import dev.homeport.iam.policy.PolicyEvaluator;
import dev.homeport.iam.policy.Verdict;
import dev.homeport.protocol.Access;
import dev.homeport.protocol.Authorizer;
import dev.homeport.protocol.Principal;
import dev.homeport.protocol.RequestContext;
import dev.homeport.protocol.ResourceTags;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Authorization as AWS evaluates it, at the edge: the principal's identity policies (its own, its groups', the
 * managed policies attached to either), its permissions boundary, and the resource's policy, decided by the policy
 * engine ({@link PolicyEvaluator}). An account's root user needs no identity policy in its own account.
 *
 * <p>Nothing is parsed per request: a principal's compiled policies are kept until IAM next changes (a change makes a
 * new store snapshot, and with it an empty cache), and a resource policy is compiled once per distinct document.
 */
public final class IamAuthorizer implements Authorizer {
    /** Enough distinct resource policies for any emulated workload; past it the cache starts over. */
    private static final int MAX_COMPILED = 10_000;

    private final IamStore store;
    private final SessionDirectory sessions;
    private final ManagedPolicies awsPolicies;
    private final Clock clock;
    /** Tags of resources whose permissions do not carry them, for aws:ResourceTag conditions. */
    private final ResourceTags resourceTags;
    private final Map<CompiledKey, Optional<Policy>> compiledDocuments = new ConcurrentHashMap<>();
    private volatile IdentityCache identities = new IdentityCache(-1);

    /**
     * A principal's identity-based side, compiled: its policies and boundary, the session policies of temporary
     * credentials, and what fills {@code aws:PrincipalArn}, {@code aws:PrincipalTag/*} and {@code aws:username}.
     */
    private record Identity(String principalArn, List<Policy> policies, Policy boundary, List<Policy> sessionPolicies,
                            Map<String, String> tags, String userName) {
        static Identity none(Principal principal) {
            return new Identity(principal.arn(), List.of(), null, List.of(), Map.of(), null);
        }
    }

    private record IdentityCache(long generation, Map<String, Identity> byArn) {
        IdentityCache(long generation) {
            this(generation, new ConcurrentHashMap<>());
        }
    }

    public IamAuthorizer(IamStore store, SessionDirectory sessions, ManagedPolicies awsPolicies,
                         ResourceTags resourceTags, Clock clock) {
        this.store = store;
        this.resourceTags = resourceTags;
        this.sessions = sessions;
        this.awsPolicies = awsPolicies;
        this.clock = clock;
    }

    @Override
    public Optional<Denial> check(RequestContext ctx, List<Access> accesses) {
        Principal principal = ctx.principal();
        if (principal.kind() == Principal.Kind.USER && !accesses.isEmpty()) {
            store.recordUse(ctx.accessKeyId(), serviceOf(accesses.getFirst().action()), ctx.region(), clock.instant());
        }
        Identity identity = null;
        for (Access access : accesses) {
            String owner = access.resourceAccount();
            boolean ownAccount = owner == null || owner.equals(principal.accountId());
            if (principal.isRoot() && ownAccount && access.resourcePolicy() == null && !access.policyRequired()) {
                continue; // the root user may do anything in its own account, and no resource policy could deny it
            }
            if (identity == null) {
                identity = identityOf(ctx);
            }
            Policy resourcePolicy = access.resourcePolicy() == null ? null
                    : compile(access.resourcePolicy(), access.policyRequired() ? Policy.Kind.TRUST
                    : Policy.Kind.RESOURCE).orElse(null);
            Verdict verdict = PolicyEvaluator.decide(new Evaluation(request(ctx, identity, access), owner,
                    identity.policies(), identity.boundary(), identity.sessionPolicies(), resourcePolicy,
                    access.policyRequired()));
            if (!verdict.allowed()) {
                return Optional.of(new Denial(principal.arn(), access.action(), access.resource(),
                        verdict.reason().phrase(access.action())));
            }
        }
        return Optional.empty();
    }

    private AccessRequest request(RequestContext ctx, Identity identity, Access access) {
        Principal principal = ctx.principal();
        // The Principal element names a role session by its role's ARN or by the session's own.
        boolean session = principal.kind() == Principal.Kind.ASSUMED_ROLE;
        Caller caller = new Caller(principal.accountId(), identity.principalArn(), session ? principal.arn() : null,
                null);
        return new AccessRequest(caller, access.action(), access.resource(),
                new RequestKeys(ctx, identity, access, resourceTags));
    }

    /**
     * The request context's keys: the global keys of the caller and the request, the resource's tags and the
     * service's keys the access carries. Each is computed when a condition asks for it: most requests' policies
     * read one or two keys, if any.
     */
    private static final class RequestKeys implements AccessRequest.Keys {
        private static final String PRINCIPAL_TAG = "aws:principaltag/";
        private static final String RESOURCE_TAG = "aws:resourcetag/";
        private static final String SERVICE_RESOURCE_TAG = ":resourcetag/";
        private final RequestContext ctx;
        private final Identity identity;
        private final Access access;
        private final ResourceTags lookup;
        /** The resource's tags once looked up (a lookup may read the database): one per request and permission. */
        private Map<String, String> lookedUp;

        RequestKeys(RequestContext ctx, Identity identity, Access access, ResourceTags lookup) {
            this.ctx = ctx;
            this.identity = identity;
            this.access = access;
            this.lookup = lookup;
        }

        @Override
        public List<String> values(String key) {
            Principal principal = ctx.principal();
            return switch (key) {
                case "aws:principalarn" -> List.of(identity.principalArn());
                case "aws:principalaccount" -> List.of(principal.accountId());
                case "aws:principaltype" -> List.of(switch (principal.kind()) {
                    case ROOT -> "Account";
                    case USER -> "User";
                    case ASSUMED_ROLE -> "AssumedRole";
                });
                case "aws:userid" -> List.of(principal.userId());
                case "aws:username" -> identity.userName() == null ? null : List.of(identity.userName());
                case "aws:currenttime" -> List.of(DateTimeFormatter.ISO_INSTANT.format(now()));
                case "aws:epochtime" -> List.of(Long.toString(now().getEpochSecond()));
                // Homeport's API is plain HTTP (TLS, when used, ends in front of it).
                case "aws:securetransport" -> List.of("false");
                case "aws:requestedregion" -> List.of(ctx.region());
                case "aws:sourceip" -> ctx.sourceAddress() == null ? null : List.of(ctx.sourceAddress());
                default -> {
                    List<String> tag = key.startsWith(PRINCIPAL_TAG)
                            ? tag(identity.tags(), key.substring(PRINCIPAL_TAG.length()))
                            : key.startsWith(RESOURCE_TAG) ? tag(resourceTags(), key.substring(RESOURCE_TAG.length()))
                            : null;
                    if (tag == null) {
                        tag = serviceKey(access.conditionKeys(), key);
                    }
                    yield tag != null ? tag : serviceResourceTag(key);
                }
            };
        }

        /** The resource's tags: those its permission carries, else as the lookup knows them by its ARN. */
        private Map<String, String> resourceTags() {
            if (!access.resourceTags().isEmpty()) {
                return access.resourceTags();
            }
            if (lookedUp == null) {
                lookedUp = lookup.of(access.resource());
            }
            return lookedUp;
        }

        /**
         * {@code <service>:ResourceTag/<key>} (ecs:, ecr:, iam:, ssm:, …) is the resource's tag when the resource is
         * that service's: the service-prefixed spelling of {@code aws:ResourceTag/<key>}.
         */
        private List<String> serviceResourceTag(String key) {
            int at = key.indexOf(SERVICE_RESOURCE_TAG);
            if (at <= 0 || !access.resource().regionMatches(true, 0, "arn:aws:" + key.substring(0, at) + ":", 0,
                    at + 9)) {
                return null;
            }
            return tag(resourceTags(), key.substring(at + SERVICE_RESOURCE_TAG.length()));
        }

        private Instant now() {
            return ctx.receivedAt().truncatedTo(ChronoUnit.SECONDS);
        }

        /** A tag's value by its key in any case (condition keys are case-insensitive); null when there is none. */
        private static List<String> tag(Map<String, String> tags, String lowerCaseKey) {
            List<String> found = null;
            for (Map.Entry<String, String> t : tags.entrySet()) {
                if (t.getKey().equalsIgnoreCase(lowerCaseKey)) {
                    found = found == null ? List.of(t.getValue()) : append(found, List.of(t.getValue()));
                }
            }
            return found;
        }

        private static List<String> serviceKey(Map<String, List<String>> keys, String lowerCaseKey) {
            List<String> found = null;
            for (Map.Entry<String, List<String>> k : keys.entrySet()) {
                if (k.getValue() != null && k.getKey().equalsIgnoreCase(lowerCaseKey)) {
                    found = found == null ? List.copyOf(k.getValue()) : append(found, k.getValue());
                }
            }
            return found;
        }

        private static List<String> append(List<String> a, List<String> b) {
            List<String> both = new ArrayList<>(a);
            both.addAll(b);
            return List.copyOf(both);
        }
    }

    private Identity identityOf(RequestContext ctx) {
        Principal principal = ctx.principal();
        if (principal.isRoot()) {
            return Identity.none(principal);
        }
        IamStore.Snapshot snapshot = store.snapshot();
        IdentityCache cache = identities;
        if (cache.generation() != snapshot.generation()) {
            cache = new IdentityCache(snapshot.generation());
            identities = cache;
        }
        // Temporary credentials carry their own session policies and tags: one entry per key, not per principal.
        Optional<SessionContext> session = sessions.session(ctx.accessKeyId());
        String key = session.isPresent() ? ctx.accessKeyId() : principal.arn();
        return cache.byArn().computeIfAbsent(key, k -> load(snapshot, principal, session.orElse(null)));
    }

    private Identity load(IamStore.Snapshot snapshot, Principal principal, SessionContext session) {
        String account = principal.accountId();
        if (principal.kind() == Principal.Kind.USER) {
            String name = principal.arn().substring(principal.arn().lastIndexOf('/') + 1);
            Optional<IamUser> user = snapshot.find(account, IamEntity.Kind.USER, name, IamUser.class);
            if (user.isEmpty()) {
                return Identity.none(principal); // deleted since the request was signed: nothing allows it
            }
            List<Policy> policies = new ArrayList<>();
            addAll(policies, snapshot, user.get().inlinePolicies(), user.get().attached());
            for (String groupName : user.get().groups()) {
                snapshot.find(account, IamEntity.Kind.GROUP, groupName, IamGroup.class)
                        .ifPresent(g -> addAll(policies, snapshot, g.inlinePolicies(), g.attached()));
            }
            return new Identity(principal.arn(), List.copyOf(policies), boundary(snapshot, user.get().boundary()),
                    List.of(), user.get().tags(), user.get().name());
        }
        if (principal.kind() == Principal.Kind.ASSUMED_ROLE && session != null && session.roleArn() != null) {
            Optional<IamRole> role = snapshot.role(session.roleArn());
            if (role.isEmpty()) {
                return new Identity(session.roleArn(), List.of(), null, List.of(), Map.of(), null); // role deleted
            }
            List<Policy> policies = new ArrayList<>();
            addAll(policies, snapshot, role.get().inlinePolicies(), role.get().attached());
            List<Policy> sessionPolicies = new ArrayList<>();
            session.sessionPolicies().forEach(doc -> compile(doc, Policy.Kind.IDENTITY).ifPresent(sessionPolicies::add));
            Map<String, String> tags = new java.util.LinkedHashMap<>(role.get().tags());
            tags.putAll(session.tags());
            return new Identity(role.get().arn(), List.copyOf(policies), boundary(snapshot, role.get().boundary()),
                    List.copyOf(sessionPolicies), tags, null);
        }
        return Identity.none(principal);
    }

    private void addAll(List<Policy> out, IamStore.Snapshot snapshot, Map<String, String> inline,
                        List<String> attached) {
        inline.values().forEach(doc -> compile(doc, Policy.Kind.IDENTITY).ifPresent(out::add));
        for (String arn : attached) {
            managed(snapshot, arn).ifPresent(p -> compile(p.defaultVersionDocument().document(), Policy.Kind.IDENTITY)
                    .ifPresent(out::add));
        }
    }

    private Policy boundary(IamStore.Snapshot snapshot, String arn) {
        if (arn == null) {
            return null;
        }
        return managed(snapshot, arn).flatMap(p -> compile(p.defaultVersionDocument().document(),
                Policy.Kind.IDENTITY)).orElse(null);
    }

    /** A managed policy by ARN: AWS's, or a customer managed policy of the account the ARN names. */
    private Optional<ManagedPolicy> managed(IamStore.Snapshot snapshot, String arn) {
        return awsPolicies.find(arn).or(() -> snapshot.policy(arn));
    }


    /**
     * A stored document, compiled once. One that no longer parses (stored before Homeport checked it) grants
     * nothing, as if it were absent.
     */
    private Optional<Policy> compile(String document, Policy.Kind kind) {
        if (compiledDocuments.size() > MAX_COMPILED) {
            compiledDocuments.clear();
        }
        // Keyed by the document itself, not a string built from it: a resource policy is looked up on every request,
        // and the document a cache hands out again is the same String, whose hash is already known.
        return compiledDocuments.computeIfAbsent(new CompiledKey(kind, document), key -> {
            try {
                return Optional.of(Policy.parse(document, kind));
            } catch (MalformedPolicyException e) {
                return Optional.empty();
            }
        });
    }

    private record CompiledKey(Policy.Kind kind, String document) {
    }

    private static String serviceOf(String action) {
        int colon = action.indexOf(':');
        return colon < 0 ? action : action.substring(0, colon);
    }
}
