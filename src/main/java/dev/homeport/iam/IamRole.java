package dev.homeport.iam;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An IAM role, as stored.
 *
 * @param trustPolicy        the assume-role policy document: who may assume the role
 * @param maxSessionDuration the longest session AssumeRole may ask for, in seconds (3600 to 43200)
 */
public record IamRole(String account, String name, String path, String id, Instant created, String description,
                      String trustPolicy, int maxSessionDuration, Map<String, String> inlinePolicies,
                      List<String> attached, String boundary, Map<String, String> tags) implements IamEntity, PolicyHolder {
    public String arn() {
        return "arn:aws:iam::" + account + ":role" + path + name;
    }

    public IamRole withSettings(String newDescription, int newMaxSessionDuration) {
        return new IamRole(account, name, path, id, created, newDescription, trustPolicy, newMaxSessionDuration,
                inlinePolicies, attached, boundary, tags);
    }

    public IamRole withTrustPolicy(String document) {
        return new IamRole(account, name, path, id, created, description, document, maxSessionDuration,
                inlinePolicies, attached, boundary, tags);
    }

    public IamRole withBoundary(String policyArn) {
        return new IamRole(account, name, path, id, created, description, trustPolicy, maxSessionDuration,
                inlinePolicies, attached, policyArn, tags);
    }

    public IamRole withTags(Map<String, String> newTags) {
        return new IamRole(account, name, path, id, created, description, trustPolicy, maxSessionDuration,
                inlinePolicies, attached, boundary, newTags);
    }

    @Override
    public Kind kind() {
        return Kind.ROLE;
    }
}
