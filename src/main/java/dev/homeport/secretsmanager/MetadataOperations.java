package dev.homeport.secretsmanager;

import dev.homeport.protocol.OperationRegistry;
import dev.homeport.protocol.RequestContext;
import dev.homeport.protocol.Validation;
import dev.homeport.secretsmanager.SecretsManagerShapes.DeleteResourcePolicyRequest;
import dev.homeport.secretsmanager.SecretsManagerShapes.DeleteResourcePolicyResponse;
import dev.homeport.secretsmanager.SecretsManagerShapes.GetResourcePolicyRequest;
import dev.homeport.secretsmanager.SecretsManagerShapes.GetResourcePolicyResponse;
import dev.homeport.secretsmanager.SecretsManagerShapes.PutResourcePolicyRequest;
import dev.homeport.secretsmanager.SecretsManagerShapes.PutResourcePolicyResponse;
import dev.homeport.secretsmanager.SecretsManagerShapes.TagResourceRequest;
import dev.homeport.secretsmanager.SecretsManagerShapes.UntagResourceRequest;
import dev.homeport.secretsmanager.SecretsManagerShapes.ValidateResourcePolicyRequest;
import dev.homeport.secretsmanager.SecretsManagerShapes.ValidateResourcePolicyResponse;
import dev.homeport.secretsmanager.model.Secret;

import java.util.ArrayList;
import java.util.List;

/** Tags and resource policies. Policies are stored and validated; enforcing them comes with IAM. */
final class MetadataOperations {
    private final SecretLookup lookup;
    private final SecretRepository repository;

    MetadataOperations(SecretLookup lookup) {
        this.lookup = lookup;
        this.repository = lookup.repository();
    }

    void register(OperationRegistry registry, SecretAccess access) {
        registry.add("TagResource", TagResourceRequest.class,
                access.tagResource(),
                this::tagResource);
        registry.add("UntagResource", UntagResourceRequest.class,
                access.untagResource(),
                this::untagResource);
        registry.add("GetResourcePolicy", GetResourcePolicyRequest.class,
                access.onSecret("GetResourcePolicy", GetResourcePolicyRequest::secretId),
                this::getResourcePolicy);
        registry.add("PutResourcePolicy", PutResourcePolicyRequest.class,
                access.putResourcePolicy(),
                this::putResourcePolicy);
        registry.add("DeleteResourcePolicy", DeleteResourcePolicyRequest.class,
                access.onSecret("DeleteResourcePolicy", DeleteResourcePolicyRequest::secretId),
                this::deleteResourcePolicy);
        registry.add("ValidateResourcePolicy", ValidateResourcePolicyRequest.class,
                access.validateResourcePolicy(),
                this::validateResourcePolicy);
    }

    Void tagResource(RequestContext ctx, TagResourceRequest in) {
        Validation.of().notNull("tags", in.tags()).check();
        var tags = SecretInputs.tags(in.tags());
        Secret secret = lookup.findWritable(ctx, in.secretId());
        repository.updateSecret(secret.arn(), s -> {
            Secret merged = s.withTagsMerged(tags);
            if (merged.tags().size() > SecretInputs.MAX_TAGS) {
                throw SecretsManagerErrors.invalidParameter("Number of tags exceeds Secrets Manager limit of 50.");
            }
            return merged;
        });
        return null;
    }

    Void untagResource(RequestContext ctx, UntagResourceRequest in) {
        Validation v = Validation.of().notNull("tagKeys", in.tagKeys());
        if (in.tagKeys() != null) {
            for (String k : in.tagKeys()) {
                v.notNull("tagKeys", k).length("tagKeys", k, 1, 128);
            }
        }
        v.check();
        Secret secret = lookup.findWritable(ctx, in.secretId());
        repository.untagResource(secret.arn(), in.tagKeys());
        return null;
    }

    GetResourcePolicyResponse getResourcePolicy(RequestContext ctx, GetResourcePolicyRequest in) {
        Secret secret = lookup.findActive(ctx, in.secretId());
        return new GetResourcePolicyResponse(secret.arn(), secret.name(), secret.resourcePolicy());
    }

    PutResourcePolicyResponse putResourcePolicy(RequestContext ctx, PutResourcePolicyRequest in) {
        Validation.of().notNull("resourcePolicy", in.resourcePolicy())
                .length("resourcePolicy", in.resourcePolicy(), 1, 20480).check();
        Secret secret = lookup.findWritable(ctx, in.secretId());
        List<String> errors = ResourcePolicies.grammarErrors(in.resourcePolicy());
        if (!errors.isEmpty()) {
            throw SecretsManagerErrors.malformedPolicy(errors.get(0));
        }
        // BlockPublicPolicy defaults to true in the AWS CLI and console; the API default is false.
        if (Boolean.TRUE.equals(in.blockPublicPolicy()) && ResourcePolicies.isPublic(in.resourcePolicy())) {
            throw new dev.homeport.protocol.AwsServiceException("PublicPolicyException", 400,
                    "This resource policy will grant public access to the secret. Please use BlockPublicPolicy=false "
                            + "to apply this resource policy.");
        }
        repository.setResourcePolicy(secret.arn(), in.resourcePolicy());
        return new PutResourcePolicyResponse(secret.arn(), secret.name());
    }

    DeleteResourcePolicyResponse deleteResourcePolicy(RequestContext ctx, DeleteResourcePolicyRequest in) {
        Secret secret = lookup.findWritable(ctx, in.secretId());
        repository.setResourcePolicy(secret.arn(), null);
        return new DeleteResourcePolicyResponse(secret.arn(), secret.name());
    }

    ValidateResourcePolicyResponse validateResourcePolicy(RequestContext ctx, ValidateResourcePolicyRequest in) {
        Validation.of().notNull("resourcePolicy", in.resourcePolicy())
                .length("resourcePolicy", in.resourcePolicy(), 1, 20480).check();
        if (in.secretId() != null) {
            lookup.find(ctx, in.secretId());
        }
        if (!ResourcePolicies.isJson(in.resourcePolicy())) {
            // A document that isn't JSON is refused outright; grammar problems are reported as findings.
            throw SecretsManagerErrors.malformedPolicy("This resource policy contains a syntax error.");
        }
        List<SecretsManagerShapes.ValidationErrorsEntry> entries = new ArrayList<>();
        for (String e : ResourcePolicies.grammarErrors(in.resourcePolicy())) {
            entries.add(new SecretsManagerShapes.ValidationErrorsEntry("SYNTAX_CHECK", e));
        }
        if (ResourcePolicies.isPublic(in.resourcePolicy())) {
            entries.add(new SecretsManagerShapes.ValidationErrorsEntry("PUBLIC_POLICY_CHECK",
                    "This resource policy grants public access to the secret."));
        }
        return new ValidateResourcePolicyResponse(entries.isEmpty(), entries);
    }
}
