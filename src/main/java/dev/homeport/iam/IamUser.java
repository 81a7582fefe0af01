package dev.homeport.iam;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An IAM user, as stored.
 *
 * @param inlinePolicies policy name → document, in the order they were put
 * @param attached       ARNs of the managed policies attached to the user
 * @param groups         names of the groups the user is a member of
 * @param boundary       ARN of the managed policy that is the user's permissions boundary, or null
 */
public record IamUser(String account, String name, String path, String id, Instant created,
                      Map<String, String> inlinePolicies, List<String> attached, List<String> groups,
                      String boundary, Map<String, String> tags) implements IamEntity, PolicyHolder {
    public String arn() {
        return "arn:aws:iam::" + account + ":user" + path + name;
    }

    public IamUser withGroups(List<String> groupNames) {
        return new IamUser(account, name, path, id, created, inlinePolicies, attached, groupNames, boundary, tags);
    }

    public IamUser withBoundary(String policyArn) {
        return new IamUser(account, name, path, id, created, inlinePolicies, attached, groups, policyArn, tags);
    }

    public IamUser withTags(Map<String, String> newTags) {
        return new IamUser(account, name, path, id, created, inlinePolicies, attached, groups, boundary, newTags);
    }

    @Override
    public Kind kind() {
        return Kind.USER;
    }
}
