package dev.homeport.secretsmanager;

import dev.homeport.protocol.Validation;
import dev.homeport.secretsmanager.model.SecretTag;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks of request members shared by several operations, with AWS's limits and wording. */
final class SecretInputs {
    /** Secret names: 1–512 of letters, digits and {@code /_+=.@-}. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9/_+=.@-]+");
    static final int MAX_VALUE_BYTES = 65_536;
    static final int MAX_TAGS = 50;

    private SecretInputs() {
    }

    static void checkName(String name) {
        Validation.of().notNull("name", name).length("name", name, 1, 512).check();
        if (!NAME.matcher(name).matches()) {
            throw SecretsManagerErrors.invalidName();
        }
    }

    /**
     * The value of Create/Update/PutSecretValue: at most one of the two members, 64 KiB at most.
     *
     * @return the value, or null when neither member was given
     */
    static SecretValue value(String secretString, byte[] secretBinary) {
        if (secretString != null && secretBinary != null) {
            throw SecretsManagerErrors.invalidParameter(
                    "You can't specify both a binary secret value and a string secret value in the same secret.");
        }
        Validation v = Validation.of();
        if (secretString != null) {
            v.length("secretString", secretString, 1, MAX_VALUE_BYTES, true);
            // The limit is in bytes: a multi-byte UTF-8 string can pass the length check and still be too big.
            SecretValue value = SecretValue.ofString(secretString);
            if (!v.hasViolations() && value.size() > MAX_VALUE_BYTES) {
                v.sensitiveViolation("secretString", "Member must have length less than or equal to " + MAX_VALUE_BYTES);
            }
            v.check();
            return value;
        }
        if (secretBinary != null) {
            // A length constraint of the model, so AWS answers ValidationException, without the value.
            if (secretBinary.length < 1) {
                v.sensitiveViolation("secretBinary", "Member must have length greater than or equal to 1");
            } else if (secretBinary.length > MAX_VALUE_BYTES) {
                v.sensitiveViolation("secretBinary", "Member must have length less than or equal to " + MAX_VALUE_BYTES);
            }
            v.check();
            return SecretValue.ofBinary(secretBinary);
        }
        return null;
    }

    /** AWS's SDKs fill ClientRequestToken; a raw caller that writes a value without one is refused. */
    static void checkToken(String token, boolean required) {
        if (token == null) {
            if (required) {
                throw SecretsManagerErrors.invalidRequest(
                        "You must provide a ClientRequestToken value. We recommend a UUID-type value.");
            }
            return;
        }
        Validation.of().length("clientRequestToken", token, 32, 64).check();
    }

    static void checkDescription(String description, String kmsKeyId) {
        Validation.of().length("description", description, 0, 2048).length("kmsKeyId", kmsKeyId, 0, 2048).check();
    }

    static List<SecretTag> tags(List<SecretsManagerShapes.Tag> tags) {
        List<SecretTag> out = new ArrayList<>();
        if (tags == null) {
            return out;
        }
        Validation v = Validation.of();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < tags.size(); i++) {
            SecretsManagerShapes.Tag t = tags.get(i);
            String member = "tags." + (i + 1) + ".member";
            v.notNull(member + ".key", t.key()).length(member + ".key", t.key(), 1, 128)
                    .length(member + ".value", t.value(), 0, 256);
            if (t.key() != null && !seen.add(t.key())) {
                throw SecretsManagerErrors.invalidParameter("You can't specify a tag key more than once: " + t.key());
            }
            if (t.key() != null) {
                out.add(new SecretTag(t.key(), t.value() == null ? "" : t.value()));
            }
        }
        v.check();
        return out;
    }

    static void checkStages(List<String> stages) {
        if (stages == null) {
            return;
        }
        Validation v = Validation.of().size("versionStages", stages, 1, 20);
        for (String s : stages) {
            v.length("versionStages", s, 1, 256);
        }
        v.check();
    }
}
