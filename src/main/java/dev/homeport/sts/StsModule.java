package dev.homeport.sts;

import dev.homeport.iam.IamRole;
import dev.homeport.iam.IamStore;
import dev.homeport.iam.ManagedPolicies;
import dev.homeport.iam.ManagedPolicy;
import dev.homeport.iam.SessionContext;
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

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * AWS STS over AWS's Query protocol (API version 2011-06-15): who the caller is (GetCallerIdentity), and temporary
 * credentials (AssumeRole, GetSessionToken) whose session token is checked on every request and which stop working
 * when they expire.
 *
 * <p>AssumeRole is authorized at the edge like any action: {@code sts:AssumeRole} on the role, whose trust policy
 * must allow the caller (in the role's own account too), with the caller's identity policies (across accounts, or
 * when the trust policy names only the account). Session tags need {@code sts:TagSession} as well.
 */
public final class StsModule implements QueryServiceModule {
    public static final String NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";
    /** The packed size of session policies and tags may not pass this (AWS's PackedPolicySize limit). */
    static final int MAX_SESSION_POLICY_CHARS = 2048;
    /** A role session name, and a source identity: the same characters and lengths in STS's model. */
    private static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]{2,64}");

    private final IamStore iam;
    private final ManagedPolicies awsPolicies;
    private final StsSessions sessions;
    private final Map<String, QueryAction> operations = new LinkedHashMap<>();

    public StsModule(IamStore iam, ManagedPolicies awsPolicies, StsSessions sessions) {
        this.iam = iam;
        this.awsPolicies = awsPolicies;
        this.sessions = sessions;
        operations.put("GetCallerIdentity", new QueryAction(AccessRule.none(), this::getCallerIdentity));
        operations.put("AssumeRole", new QueryAction(this::assumeRoleAccess, this::assumeRole));
        // "No permissions are required for a user to get temporary credentials with GetSessionToken."
        operations.put("GetSessionToken", new QueryAction(AccessRule.none(), this::getSessionToken));
    }

    @Override
    public String signingName() {
        return "sts";
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

    /**
     * The caller's identity: for an account's root user AWS answers the account id as UserId and
     * {@code arn:aws:iam::<account>:root} as Arn; for an IAM user its {@code AIDA…} id and user ARN; for a role
     * session {@code AROA…:<session>} and the assumed-role ARN. Needs no permission, as on AWS (an explicit deny
     * cannot stop it).
     */
    void getCallerIdentity(RequestContext ctx, QueryParams params, Xml out) {
        out.element("UserId", ctx.principal().userId())
                .element("Account", ctx.accountId())
                .element("Arn", ctx.principal().arn());
    }

    /**
     * {@code sts:AssumeRole} on the role, under its trust policy; {@code sts:TagSession} too when tags are passed, and
     * {@code sts:SetSourceIdentity} when a source identity is: the IAM user guide (monitoring actions taken with
     * assumed roles) has both the caller's policies and the role's trust policy grant it.
     */
    private List<Access> assumeRoleAccess(RequestContext ctx, QueryParams p) {
        String roleArn = p.get("RoleArn") == null ? "*" : p.get("RoleArn");
        String trust = iam.snapshot().role(roleArn).map(IamRole::trustPolicy).orElse(null);
        Map<String, List<String>> keys = Access.requestTags(tags(p));
        putIfPresent(keys, "sts:ExternalId", p.get("ExternalId"));
        putIfPresent(keys, "sts:RoleSessionName", p.get("RoleSessionName"));
        putIfPresent(keys, "sts:SourceIdentity", p.get("SourceIdentity"));
        List<Access> out = new ArrayList<>();
        out.add(Access.trusted("sts:AssumeRole", roleArn, trust).withConditionKeys(keys));
        if (!tags(p).isEmpty()) {
            out.add(Access.trusted("sts:TagSession", roleArn, trust).withConditionKeys(keys));
        }
        if (p.get("SourceIdentity") != null) {
            out.add(Access.trusted("sts:SetSourceIdentity", roleArn, trust).withConditionKeys(keys));
        }
        return out;
    }

    void assumeRole(RequestContext ctx, QueryParams p, Xml out) {
        String roleArn = required(p, "RoleArn", "roleArn");
        String sessionName = required(p, "RoleSessionName", "roleSessionName");
        if (sessionName.length() < 2 || sessionName.length() > 64) {
            throw QueryErrors.constraint("roleSessionName", sessionName,
                    "Member must have length less than or equal to 64 and greater than or equal to 2");
        }
        if (!SESSION_NAME.matcher(sessionName).matches()) {
            throw QueryErrors.constraint("roleSessionName", sessionName,
                    "Member must satisfy regular expression pattern: [\\w+=,.@-]*");
        }
        String sourceIdentity = p.get("SourceIdentity");
        if (sourceIdentity != null && (sourceIdentity.length() < 2 || sourceIdentity.length() > 64)) {
            throw QueryErrors.constraint("sourceIdentity", sourceIdentity,
                    "Member must have length less than or equal to 64 and greater than or equal to 2");
        }
        if (sourceIdentity != null && !SESSION_NAME.matcher(sourceIdentity).matches()) {
            throw QueryErrors.constraint("sourceIdentity", sourceIdentity,
                    "Member must satisfy regular expression pattern: [\\w+=,.@-]*");
        }
        if (ctx.principal().isRoot()) {
            // AWS: an account's root user cannot assume roles; an IAM user or role can.
            throw StsErrors.accessDenied("Roles may not be assumed by root accounts.");
        }
        // Authorized at the edge: a role that does not exist has no trust policy, so it was refused there.
        IamRole role = iam.snapshot().role(roleArn).orElseThrow(() -> StsErrors.accessDenied("User: " + ctx.principal().arn()
                + " is not authorized to perform: sts:AssumeRole on resource: " + roleArn));
        int duration = duration(p, 900, role.maxSessionDuration(), 3600,
                "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
        List<String> sessionPolicies = sessionPolicies(role.account(), p);
        Map<String, String> tags = tags(p);
        int packed = sessionPolicies.stream().mapToInt(String::length).sum() + tags.toString().length();
        if (packed > MAX_SESSION_POLICY_CHARS) {
            throw StsErrors.packedPolicyTooLarge();
        }
        Principal principal = StsSessions.roleSession(role, sessionName);
        String sessionArn = principal.arn();
        TemporaryCredentials issued = sessions.issue(principal, new SessionContext(role.arn(), sessionPolicies, tags),
                duration);
        out.open("Credentials");
        writeCredentials(out, issued);
        out.close("Credentials");
        out.open("AssumedRoleUser").element("AssumedRoleId", principal.userId()).element("Arn", sessionArn)
                .close("AssumedRoleUser");
        if (!sessionPolicies.isEmpty() || !tags.isEmpty()) {
            out.element("PackedPolicySize", Math.max(1, packed * 100 / MAX_SESSION_POLICY_CHARS));
        }
        if (p.get("SourceIdentity") != null) {
            out.element("SourceIdentity", p.get("SourceIdentity"));
        }
    }

    void getSessionToken(RequestContext ctx, QueryParams p, Xml out) {
        if (ctx.principal().kind() == Principal.Kind.ASSUMED_ROLE || sessions.issued(ctx.accessKeyId()).isPresent()) {
            throw StsErrors.accessDenied("Cannot call GetSessionToken with session credentials");
        }
        // Root's sessions last at most an hour; IAM users' up to 36 hours, 12 by default.
        int max = ctx.principal().isRoot() ? 3600 : 129600;
        int duration = duration(p, 900, max, Math.min(43200, max),
                "The requested DurationSeconds exceeds the 1 hour session limit for roots.");
        TemporaryCredentials issued = sessions.issue(ctx.principal(), new SessionContext(null, List.of(), Map.of()),
                duration);
        out.open("Credentials");
        writeCredentials(out, issued);
        out.close("Credentials");
    }

    private static void writeCredentials(Xml out, TemporaryCredentials issued) {
        out.element("AccessKeyId", issued.accessKeyId()).element("SecretAccessKey", issued.secretAccessKey())
                .element("SessionToken", issued.sessionToken())
                .element("Expiration", DateTimeFormatter.ISO_INSTANT.format(issued.expiration()));
    }

    /** The inline {@code Policy} and the documents of {@code PolicyArns}, checked as IAM checks them. */
    private List<String> sessionPolicies(String account, QueryParams p) {
        List<String> out = new ArrayList<>();
        String inline = p.get("Policy");
        if (inline != null) {
            try {
                Policy.parse(inline, Policy.Kind.IDENTITY);
            } catch (MalformedPolicyException e) {
                throw StsErrors.malformedPolicy(e.getMessage());
            }
            out.add(inline);
        }
        for (int i = 1; p.get("PolicyArns.member." + i + ".arn") != null; i++) {
            String arn = p.get("PolicyArns.member." + i + ".arn");
            if (i > 10) {
                throw QueryErrors.constraint("policyArns", "[…]", "Member must have length less than or equal to 10");
            }
            // AWS's managed policies, or the role's own account's.
            ManagedPolicy policy = awsPolicies.find(arn)
                    .or(() -> iam.snapshot().policy(arn).filter(x -> x.account().equals(account)))
                    .orElseThrow(() -> StsErrors.invalidParameter("The policy " + arn
                            + " does not exist or is not attachable."));
            out.add(policy.defaultVersionDocument().document());
        }
        return out;
    }

    /** {@code Tags.member.N.Key}/{@code .Value}: session tags. */
    private static Map<String, String> tags(QueryParams p) {
        Map<String, String> tags = new LinkedHashMap<>();
        p.keyValues("Tags").forEach(tag -> tags.put(tag.getKey(), tag.getValue()));
        if (tags.size() > 50) {
            throw QueryErrors.constraint("tags", "[…]", "Member must have length less than or equal to 50");
        }
        return tags;
    }

    private static int duration(QueryParams p, int min, int max, int fallback, String tooLong) {
        String value = p.get("DurationSeconds");
        if (value == null) {
            return fallback;
        }
        int seconds;
        try {
            seconds = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw QueryErrors.constraint("durationSeconds", value, "Member must be a number");
        }
        if (seconds < min) {
            throw QueryErrors.constraint("durationSeconds", value,
                    "Member must have value greater than or equal to " + min);
        }
        if (seconds > max) {
            throw QueryErrors.validation(tooLong);
        }
        return seconds;
    }

    private static String required(QueryParams p, String param, String member) {
        String value = p.get(param);
        if (value == null) {
            throw QueryErrors.validation("1 validation error detected: Value null at '" + member
                    + "' failed to satisfy constraint: Member must not be null");
        }
        return value;
    }

    private static void putIfPresent(Map<String, List<String>> keys, String key, String value) {
        if (value != null) {
            keys.put(key, List.of(value));
        }
    }
}
