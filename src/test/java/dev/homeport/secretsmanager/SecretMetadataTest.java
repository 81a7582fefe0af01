package dev.homeport.secretsmanager;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.model.GetResourcePolicyResponse;
import software.amazon.awssdk.services.secretsmanager.model.InvalidParameterException;
import software.amazon.awssdk.services.secretsmanager.model.MalformedPolicyDocumentException;
import software.amazon.awssdk.services.secretsmanager.model.PublicPolicyException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;
import software.amazon.awssdk.services.secretsmanager.model.Tag;
import software.amazon.awssdk.services.secretsmanager.model.ValidateResourcePolicyResponse;
import software.amazon.awssdk.services.secretsmanager.model.ValidationErrorsEntry;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** TagResource, UntagResource and the resource-policy operations. */
class SecretMetadataTest extends SecretsManagerTestBase {
    private static final String PRIVATE_POLICY = """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow",
             "Principal":{"AWS":"arn:aws:iam::000000000000:role/reader"},
             "Action":"secretsmanager:GetSecretValue","Resource":"*"}]}""";
    private static final String PUBLIC_POLICY = """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*",
             "Action":"secretsmanager:GetSecretValue","Resource":"*"}]}""";

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }

    private static List<Tag> tagsOf(String name) {
        return sm.describeSecret(b -> b.secretId(name)).tags();
    }

    // ------------------------------------------------------------------ tags

    @Test
    void tagResourceAddsAndOverwrites() {
        String name = uniqueName("tags-add");
        sm.createSecret(b -> b.name(name).secretString("v").tags(tag("env", "dev"), tag("team", "a")));

        sm.tagResource(b -> b.secretId(name).tags(tag("env", "prod"), tag("cost", "42")));

        assertThat(tagsOf(name)).containsExactlyInAnyOrder(tag("env", "prod"), tag("team", "a"), tag("cost", "42"));
    }

    @Test
    void untagResourceRemovesKeysAndIgnoresUnknownOnes() {
        String name = uniqueName("tags-remove");
        sm.createSecret(b -> b.name(name).secretString("v").tags(tag("a", "1"), tag("b", "2"), tag("c", "3")));

        sm.untagResource(b -> b.secretId(name).tagKeys("a", "c", "never-there"));

        assertThat(tagsOf(name)).containsExactly(tag("b", "2"));
        sm.untagResource(b -> b.secretId(name).tagKeys("b"));
        assertThat(sm.describeSecret(b -> b.secretId(name)).hasTags()).isFalse();
    }

    @Test
    void tagsAreLimitedToFifty() {
        String name = uniqueName("tags-limit");
        createString(name, "v");
        List<Tag> fifty = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            fifty.add(tag("k" + i, "v"));
        }
        sm.tagResource(b -> b.secretId(name).tags(fifty));
        assertThat(tagsOf(name)).hasSize(50);

        assertAwsError(() -> sm.tagResource(b -> b.secretId(name).tags(tag("one-too-many", "v"))),
                InvalidParameterException.class, "InvalidParameterException",
                "Number of tags exceeds Secrets Manager limit of 50.");
        assertThat(tagsOf(name)).hasSize(50);
    }

    @Test
    void tagErrors() {
        String name = uniqueName("tags-errors");
        createString(name, "v");
        assertAwsError(() -> sm.tagResource(b -> b.secretId(uniqueName("nobody")).tags(tag("k", "v"))),
                ResourceNotFoundException.class, "ResourceNotFoundException", NOT_FOUND);
        assertAwsError(() -> sm.untagResource(b -> b.secretId(uniqueName("nobody")).tagKeys("k")),
                ResourceNotFoundException.class, "ResourceNotFoundException", NOT_FOUND);
        assertAwsError(() -> sm.tagResource(b -> b.secretId(name).tags(tag("dup", "1"), tag("dup", "2"))),
                InvalidParameterException.class, "InvalidParameterException",
                "You can't specify a tag key more than once: dup");
        String longKey = "k".repeat(129);
        assertAwsError(() -> sm.tagResource(b -> b.secretId(name).tags(tag(longKey, "v"))),
                SecretsManagerException.class, "ValidationException",
                "1 validation error detected: Value '" + longKey + "' at 'tags.1.member.key' failed to satisfy "
                        + "constraint: Member must have length less than or equal to 128");
        assertThat(sm.describeSecret(b -> b.secretId(name)).hasTags()).isFalse();
    }

    // ------------------------------------------------------------------ resource policies

    @Test
    void putGetAndDeleteAResourcePolicy() {
        String name = uniqueName("policy");
        String arn = createString(name, "v").arn();

        GetResourcePolicyResponse none = sm.getResourcePolicy(b -> b.secretId(name));
        assertThat(none.arn()).isEqualTo(arn);
        assertThat(none.name()).isEqualTo(name);
        assertThat(none.resourcePolicy()).isNull();

        var put = sm.putResourcePolicy(b -> b.secretId(name).resourcePolicy(PRIVATE_POLICY).blockPublicPolicy(true));
        assertThat(put.arn()).isEqualTo(arn);
        assertThat(sm.getResourcePolicy(b -> b.secretId(arn)).resourcePolicy()).isEqualTo(PRIVATE_POLICY);

        var deleted = sm.deleteResourcePolicy(b -> b.secretId(name));
        assertThat(deleted.arn()).isEqualTo(arn);
        assertThat(sm.getResourcePolicy(b -> b.secretId(name)).resourcePolicy()).isNull();
    }

    @Test
    void aMalformedPolicyIsRefused() {
        String name = uniqueName("policy-malformed");
        createString(name, "v");
        // IAM's wording, from the policy engine that enforces the policy.
        assertAwsError(() -> sm.putResourcePolicy(b -> b.secretId(name).resourcePolicy("{not json")),
                MalformedPolicyDocumentException.class, "MalformedPolicyDocumentException",
                "Syntax errors in policy.");
        assertAwsError(() -> sm.putResourcePolicy(b -> b.secretId(name).resourcePolicy("{\"Version\":\"2012-10-17\"}")),
                MalformedPolicyDocumentException.class, "MalformedPolicyDocumentException",
                "Syntax errors in policy.");
        assertThat(sm.getResourcePolicy(b -> b.secretId(name)).resourcePolicy()).isNull();
    }

    @Test
    void aPublicPolicyIsBlockedOnlyWhenAsked() {
        String name = uniqueName("policy-public");
        createString(name, "v");

        assertAwsError(() -> sm.putResourcePolicy(b -> b.secretId(name).resourcePolicy(PUBLIC_POLICY)
                        .blockPublicPolicy(true)), PublicPolicyException.class, "PublicPolicyException",
                "This resource policy will grant public access to the secret. Please use BlockPublicPolicy=false "
                        + "to apply this resource policy.");
        assertThat(sm.getResourcePolicy(b -> b.secretId(name)).resourcePolicy()).isNull();

        sm.putResourcePolicy(b -> b.secretId(name).resourcePolicy(PUBLIC_POLICY).blockPublicPolicy(false));
        assertThat(sm.getResourcePolicy(b -> b.secretId(name)).resourcePolicy()).isEqualTo(PUBLIC_POLICY);
    }

    @Test
    void policyOperationsOnAMissingSecretAreNotFound() {
        String missing = uniqueName("nobody");
        assertAwsError(() -> sm.getResourcePolicy(b -> b.secretId(missing)), ResourceNotFoundException.class,
                "ResourceNotFoundException", NOT_FOUND);
        assertAwsError(() -> sm.putResourcePolicy(b -> b.secretId(missing).resourcePolicy(PRIVATE_POLICY)),
                ResourceNotFoundException.class, "ResourceNotFoundException", NOT_FOUND);
        assertAwsError(() -> sm.deleteResourcePolicy(b -> b.secretId(missing)), ResourceNotFoundException.class,
                "ResourceNotFoundException", NOT_FOUND);
    }

    @Test
    void validateAcceptsAGoodPolicy() {
        ValidateResourcePolicyResponse r = sm.validateResourcePolicy(b -> b.resourcePolicy(PRIVATE_POLICY));
        assertThat(r.policyValidationPassed()).isTrue();
        assertThat(r.validationErrors()).isEmpty();

        String name = uniqueName("validate");
        createString(name, "v");
        assertThat(sm.validateResourcePolicy(b -> b.secretId(name).resourcePolicy(PRIVATE_POLICY))
                .policyValidationPassed()).isTrue();
    }

    @Test
    void validateRefusesADocumentThatIsNotJson() {
        // Grammar problems are findings; a document that isn't JSON at all is refused outright.
        assertThatThrownBy(() -> sm.validateResourcePolicy(b -> b.resourcePolicy("{\"Statement\": [")))
                .isInstanceOfSatisfying(software.amazon.awssdk.services.secretsmanager.model.MalformedPolicyDocumentException.class,
                        e -> assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("This resource policy contains a syntax error."));
    }

    @Test
    void validateReportsAMissingEffectAndAPublicPolicy() {
        ValidateResourcePolicyResponse noEffect = sm.validateResourcePolicy(b -> b.resourcePolicy("""
                {"Statement":{"Principal":{"AWS":"arn:aws:iam::000000000000:root"},"Action":"*"}}"""));
        assertThat(noEffect.policyValidationPassed()).isFalse();
        assertThat(noEffect.validationErrors()).extracting(ValidationErrorsEntry::errorMessage)
                .containsExactly("Missing required field Effect");

        ValidateResourcePolicyResponse pub = sm.validateResourcePolicy(b -> b.resourcePolicy(PUBLIC_POLICY));
        assertThat(pub.policyValidationPassed()).isFalse();
        assertThat(pub.validationErrors()).extracting(ValidationErrorsEntry::checkName)
                .containsExactly("PUBLIC_POLICY_CHECK");
    }

    @Test
    void validateWithAMissingSecretIsNotFound() {
        assertAwsError(() -> sm.validateResourcePolicy(b -> b.secretId(uniqueName("nobody"))
                        .resourcePolicy(PRIVATE_POLICY)), ResourceNotFoundException.class,
                "ResourceNotFoundException", NOT_FOUND);
    }
}
