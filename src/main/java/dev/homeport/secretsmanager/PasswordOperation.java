package dev.homeport.secretsmanager;

import dev.homeport.protocol.AccessRule;
import dev.homeport.protocol.OperationRegistry;
import dev.homeport.protocol.RequestContext;
import dev.homeport.protocol.Validation;
import dev.homeport.secretsmanager.SecretsManagerShapes.GetRandomPasswordRequest;
import dev.homeport.secretsmanager.SecretsManagerShapes.GetRandomPasswordResponse;

/** GetRandomPassword, with AWS's defaults: 32 characters, every type, each type at least once. */
final class PasswordOperation {
    void register(OperationRegistry registry, SecretAccess access) {
        registry.add("GetRandomPassword", GetRandomPasswordRequest.class,
                AccessRule.any("secretsmanager:GetRandomPassword"),
                this::getRandomPassword);
    }

    GetRandomPasswordResponse getRandomPassword(RequestContext ctx, GetRandomPasswordRequest in) {
        Validation.of().range("passwordLength", in.passwordLength(), 1, 4096)
                .length("excludeCharacters", in.excludeCharacters(), 0, 4096).check();
        var options = new PasswordGenerator.Options(in.passwordLength() == null ? 32 : in.passwordLength().intValue(),
                in.excludeCharacters(), isTrue(in.excludeNumbers()), isTrue(in.excludePunctuation()),
                isTrue(in.excludeUppercase()), isTrue(in.excludeLowercase()), isTrue(in.includeSpace()),
                in.requireEachIncludedType() == null || in.requireEachIncludedType());
        try {
            return new GetRandomPasswordResponse(PasswordGenerator.generate(options));
        } catch (IllegalArgumentException e) {
            throw SecretsManagerErrors.invalidParameter(e.getMessage().startsWith("no characters")
                    ? "The password can't be generated: every character type was excluded."
                    : "The password length is too short to include one character of each required type.");
        }
    }

    private static boolean isTrue(Boolean b) {
        return Boolean.TRUE.equals(b);
    }
}
