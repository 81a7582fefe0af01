package dev.homeport.iam;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A managed policy: a customer managed policy of an account, or one of AWS's ({@code account} "aws").
 *
 * @param versions at most five, oldest first; one of them is the default
 */
public record ManagedPolicy(String account, String name, String path, String id, Instant created, Instant updated,
                            String description, String defaultVersion, List<Version> versions,
                            Map<String, String> tags) implements IamEntity {
    public static final String AWS = "aws";

    /** One version of the document; {@code id} is {@code v1}, {@code v2}, … and is never reused. */
    public record Version(String id, String document, Instant created) {
    }

    public String arn() {
        return "arn:aws:iam::" + account + ":policy" + path + name;
    }

    public Version defaultVersionDocument() {
        return versions.stream().filter(v -> v.id().equals(defaultVersion)).findFirst().orElseThrow();
    }

    public boolean awsManaged() {
        return AWS.equals(account);
    }

    /** This policy with other versions and default, changed at {@code when}. */
    public ManagedPolicy withVersions(String newDefault, List<Version> newVersions, Instant when) {
        return new ManagedPolicy(account, name, path, id, created, when, description, newDefault, newVersions, tags);
    }

    public ManagedPolicy withTags(Map<String, String> newTags) {
        return new ManagedPolicy(account, name, path, id, created, updated, description, defaultVersion, versions,
                newTags);
    }

    @Override
    public Kind kind() {
        return Kind.POLICY;
    }
}
