package dev.homeport.iam;

import java.util.List;
import java.util.Map;

/**
 * What limits a set of temporary credentials beside its principal's own policies, as STS issued it.
 *
 * @param roleArn         the assumed role (with its path), or null for GetSessionToken's credentials
 * @param sessionPolicies the session policy documents passed to AssumeRole (inline and managed), as passed
 * @param tags            the session tags: {@code aws:PrincipalTag/*} of the session, over the role's own tags
 */
public record SessionContext(String roleArn, List<String> sessionPolicies, Map<String, String> tags) {
}
