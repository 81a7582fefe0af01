package dev.homeport.ssm;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.List;

/**
 * Parameter Store's request and response shapes, as records named after the service model
 * ({@code ssm.service-2.json}); members are PascalCase on the wire ({@code ARN} as spelled there), timestamps epoch
 * seconds. Only the operations Homeport implements are here; unknown request members are ignored. Records that carry
 * a value override {@code toString()} so a SecureString never reaches a log by accident.
 */
final class SsmShapes {
    private SsmShapes() {
    }

    record Tag(String key, String value) {
    }

    record ParameterStringFilter(String key, String option, List<String> values) {
    }

    record ParameterInlinePolicy(String policyText, String policyType, String policyStatus) {
    }

    record Parameter(String name, String type, String value, Long version, String selector, String sourceResult,
                     Instant lastModifiedDate, @JsonProperty("ARN") String arn, String dataType) {
        @Override
        public String toString() {
            return "Parameter[" + name + ":" + version + "]";
        }
    }

    record ParameterHistory(String name, String type, String keyId, Instant lastModifiedDate,
                            String lastModifiedUser, String description, String value, String allowedPattern,
                            Long version, List<String> labels, String tier, List<ParameterInlinePolicy> policies,
                            String dataType) {
        @Override
        public String toString() {
            return "ParameterHistory[" + name + ":" + version + "]";
        }
    }

    record ParameterMetadata(String name, @JsonProperty("ARN") String arn, String type, String keyId,
                             Instant lastModifiedDate, String lastModifiedUser, String description,
                             String allowedPattern, Long version, String tier, List<ParameterInlinePolicy> policies,
                             String dataType) {
    }

    record PutParameterRequest(String name, String description, String value, String type, String keyId,
                               Boolean overwrite, String allowedPattern, List<Tag> tags, String tier, String policies,
                               String dataType) {
        /**
         * "The service removes any spaces specified for the beginning or end of a parameter name" (PutParameter's
         * naming constraints): the name is trimmed before anything, the permission check included, reads it; a space
         * inside it is still refused.
         */
        PutParameterRequest {
            if (name != null) {
                int from = 0;
                int to = name.length();
                while (from < to && name.charAt(from) == ' ') {
                    from++;
                }
                while (to > from && name.charAt(to - 1) == ' ') {
                    to--;
                }
                name = name.substring(from, to);
            }
        }

        @Override
        public String toString() {
            return "PutParameterRequest[" + name + "]";
        }
    }

    record PutParameterResult(Long version, String tier) {
    }

    record GetParameterRequest(String name, Boolean withDecryption) {
    }

    record GetParameterResult(Parameter parameter) {
    }

    record GetParametersRequest(List<String> names, Boolean withDecryption) {
    }

    record GetParametersResult(List<Parameter> parameters, List<String> invalidParameters) {
    }

    record GetParametersByPathRequest(String path, Boolean recursive, List<ParameterStringFilter> parameterFilters,
                                      Boolean withDecryption, Integer maxResults, String nextToken) {
    }

    record GetParametersByPathResult(List<Parameter> parameters, String nextToken) {
    }

    record DeleteParameterRequest(String name) {
    }

    record Empty() {
    }

    record DeleteParametersRequest(List<String> names) {
    }

    record DeleteParametersResult(List<String> deletedParameters, List<String> invalidParameters) {
    }

    record GetParameterHistoryRequest(String name, Boolean withDecryption, Integer maxResults, String nextToken) {
    }

    record GetParameterHistoryResult(List<ParameterHistory> parameters, String nextToken) {
    }

    record LabelParameterVersionRequest(String name, Long parameterVersion, List<String> labels) {
    }

    record LabelParameterVersionResult(List<String> invalidLabels, Long parameterVersion) {
    }

    record UnlabelParameterVersionRequest(String name, Long parameterVersion, List<String> labels) {
    }

    record UnlabelParameterVersionResult(List<String> removedLabels, List<String> invalidLabels) {
    }

    record ParametersFilter(String key, List<String> values) {
    }

    record DescribeParametersRequest(List<ParametersFilter> filters, List<ParameterStringFilter> parameterFilters,
                                     Integer maxResults, String nextToken, Boolean shared) {
    }

    record DescribeParametersResult(List<ParameterMetadata> parameters, String nextToken) {
    }

    record AddTagsToResourceRequest(String resourceType, String resourceId, List<Tag> tags) {
    }

    record RemoveTagsFromResourceRequest(String resourceType, String resourceId, List<String> tagKeys) {
    }

    record ListTagsForResourceRequest(String resourceType, String resourceId) {
    }

    record ListTagsForResourceResult(List<Tag> tagList) {
    }
}
