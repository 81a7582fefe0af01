package dev.homeport.iam;

import java.util.Optional;

/** Where the authorizer finds what a set of temporary credentials was issued with (STS keeps them). */
@FunctionalInterface
public interface SessionDirectory {
    /** The session of temporary credentials, by their access key id; empty for a long-term key. */
    Optional<SessionContext> session(String accessKeyId);
}
