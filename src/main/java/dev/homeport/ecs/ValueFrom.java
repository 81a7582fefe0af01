package dev.homeport.ecs;

import java.util.Objects;

/**
 * A container secret's {@code valueFrom}, parsed the way the ECS agent reads it.
 *
 * <ul>
 *   <li>{@code arn:<partition>:secretsmanager:<region>:<account>:secret:<id>}: the whole ARN is the
 *       SecretId (with or without the random suffix);</li>
 *   <li>{@code ...:secret:<id>:<json-key>:<version-stage>:<version-id>}: the SecretId is the ARN up to
 *       {@code <id>}; empty fields mean "not given";</li>
 *   <li>any other number of fields in a Secrets Manager ARN is invalid;</li>
 *   <li>any other ARN, or a bare name, is an SSM Parameter Store parameter.</li>
 * </ul>
 */
public sealed interface ValueFrom {

    /** The valueFrom as written in the task definition. */
    String raw();

    /** A Secrets Manager secret; optional members are null when not given. */
    record SecretsManager(String raw, String region, String accountId, String secretId, String jsonKey,
                          String versionStage, String versionId) implements ValueFrom {
    }

    /** An SSM parameter, by name or ARN. */
    record SsmParameter(String raw) implements ValueFrom {
    }

    /** A Secrets Manager ARN that has neither 1 nor 4 fields after {@code secret:}. */
    record Invalid(String raw) implements ValueFrom {
        public static final String MESSAGE =
                "an invalid ARN format for the AWS Secrets Manager secret was specified. Specify a valid ARN and try again.";
    }

    static ValueFrom parse(String valueFrom) {
        Objects.requireNonNull(valueFrom, "valueFrom");
        if (!valueFrom.startsWith("arn:")) {
            return new SsmParameter(valueFrom);
        }
        // arn:partition:service:region:account:resource — the resource keeps its own colons.
        String[] head = valueFrom.split(":", 6);
        if (head.length < 6 || head[1].isEmpty() || head[2].isEmpty()) {
            return "secretsmanager".equals(head.length > 2 ? head[2] : null) ? new Invalid(valueFrom)
                    : new SsmParameter(valueFrom);
        }
        if (!"secretsmanager".equals(head[2])) {
            return new SsmParameter(valueFrom);
        }
        String[] fields = head[5].split(":", -1);
        if (!"secret".equals(fields[0]) || fields.length < 2 || fields[1].isEmpty()) {
            return new Invalid(valueFrom);
        }
        if (fields.length == 2) {
            return new SecretsManager(valueFrom, head[3], head[4], valueFrom, null, null, null);
        }
        if (fields.length != 5) {
            return new Invalid(valueFrom);
        }
        String secretId = String.join(":", head[0], head[1], head[2], head[3], head[4], "secret", fields[1]);
        return new SecretsManager(valueFrom, head[3], head[4], secretId, emptyToNull(fields[2]),
                emptyToNull(fields[3]), emptyToNull(fields[4]));
    }

    private static String emptyToNull(String s) {
        return s.isEmpty() ? null : s;
    }
}
