package dev.homeport.iam;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** An IAM group, as stored; its members are the users that name it. */
public record IamGroup(String account, String name, String path, String id, Instant created,
                       Map<String, String> inlinePolicies, List<String> attached) implements IamEntity, PolicyHolder {
    public String arn() {
        return "arn:aws:iam::" + account + ":group" + path + name;
    }

    @Override
    public Kind kind() {
        return Kind.GROUP;
    }
}
