package dev.homeport.sts;

import dev.homeport.common.Arn;
import dev.homeport.iam.IamEntity;
import dev.homeport.iam.IamRole;
import dev.homeport.iam.IamStore;
import dev.homeport.iam.SessionContext;
import dev.homeport.iam.policy.AccessRequest;
import dev.homeport.iam.policy.Caller;
import dev.homeport.iam.policy.Evaluation;
import dev.homeport.iam.policy.MalformedPolicyException;
import dev.homeport.iam.policy.Policy;
import dev.homeport.iam.policy.PolicyEvaluator;

import dev.homeport.protocol.Principal;
import dev.homeport.protocol.sigv4.Credentials;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An AWS service assuming a role on a customer's behalf, as ECS assumes a task's execution role and task role
 * ("Amazon ECS task execution IAM role"): the role must exist and its trust policy must allow the service principal
 * {@code sts:AssumeRole}, with the confused-deputy keys the service sets ({@code aws:SourceAccount},
 * {@code aws:SourceArn}). No identity policy is involved: a service principal has none. The session is an ordinary
 * STS session, so what it may do is evaluated like any role session's.
 */
public final class ServiceRoles {
    /** The service principal ECS assumes task roles as. */
    public static final String ECS_TASKS = "ecs-tasks.amazonaws.com";

    private final IamStore iam;
    private final StsSessions sessions;

    public ServiceRoles(IamStore iam, StsSessions sessions) {
        this.iam = iam;
        this.sessions = sessions;
    }

    /** On whose behalf a service acts: the account and the resource the request is for (a task's ARN). */
    public record Source(String account, String arn) {
    }

    /** A session a service started: who it acts as, the role (its ARN), and its credentials. */
    public record Session(Principal principal, String roleArn, TemporaryCredentials credentials) {
        /** The credentials as the API's verifier knows them: to call in-process as this session. */
        public Credentials signing() {
            return new Credentials(credentials.accessKeyId(), credentials.secretAccessKey(), principal,
                    Credentials.digest(credentials.sessionToken()), credentials.expiration());
        }
    }

    /**
     * The role, when {@code service} may assume it for {@code source}: it exists, is in the source's account, and
     * trusts the service.
     */
    public Optional<IamRole> assumable(String service, String role, Source source) {
        return find(role, source.account()).filter(r -> trusts(r, service, source));
    }

    /**
     * A role by ARN, or by name in {@code account} (ECS takes a task role's short name too); a role of another
     * account is never found: ECS's tasks take their roles from their own account.
     */
    private Optional<IamRole> find(String role, String account) {
        if (role == null || role.isEmpty()) {
            return Optional.empty();
        }
        if (!role.startsWith("arn:")) {
            return iam.snapshot().find(account, IamEntity.Kind.ROLE, role, IamRole.class);
        }
        if (Arn.parse(role).filter(a -> a.account().equals(account)).isEmpty()) {
            return Optional.empty();
        }
        return iam.snapshot().role(role);
    }

    /**
     * Credentials of a new session of the role, named {@code sessionName}, valid for {@code seconds}; empty when
     * the role is not {@linkplain #assumable assumable}.
     */
    public Optional<Session> assume(String service, String role, Source source, String sessionName, int seconds) {
        return assumable(service, role, source).map(r -> {
            Principal principal = StsSessions.roleSession(r, sessionName);
            return new Session(principal, r.arn(), sessions.issue(principal, new SessionContext(r.arn(), List.of(), Map.of()),
                    seconds));
        });
    }

    /**
     * Ends every session of {@code role} (an ARN or a name) in {@code account} named {@code sessionName} before it
     * expires: a request signed with one then fails as with an unknown key. ECS revokes a task's role credentials when
     * the task stops.
     */
    public void revoke(String role, String account, String sessionName) {
        String roleName = role.substring(role.lastIndexOf('/') + 1);
        sessions.revoke("arn:aws:sts::" + account + ":assumed-role/" + roleName + "/" + sessionName);
    }

    /** ECS's words for a task role or execution role it cannot assume (RunTask's ClientException, a task's reason). */
    public static String unableToAssume(String role) {
        return "ECS was unable to assume the role '" + role + "' that was provided for this task. Please verify that "
                + "the role being passed has the proper trust relationship and permissions and that your IAM user has "
                + "permissions to pass this role.";
    }

    private static boolean trusts(IamRole role, String service, Source source) {
        Policy trust;
        try {
            trust = Policy.parse(role.trustPolicy(), Policy.Kind.TRUST);
        } catch (MalformedPolicyException e) {
            return false; // stored before Homeport checked documents: it trusts no one
        }
        Map<String, List<String>> keys = Map.of("aws:SourceAccount", List.of(source.account()),
                "aws:SourceArn", List.of(source.arn()));
        AccessRequest request = AccessRequest.of(new Caller(null, null, null, service), "sts:AssumeRole", role.arn(),
                keys);
        return PolicyEvaluator.decide(new Evaluation(request, role.account(), List.of(), null, List.of(), trust, true))
                .allowed();
    }
}
