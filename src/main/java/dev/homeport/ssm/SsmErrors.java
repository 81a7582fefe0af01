package dev.homeport.ssm;

import dev.homeport.protocol.AwsServiceException;
import dev.homeport.protocol.ProtocolErrors;

import java.util.List;

/**
 * Every error Parameter Store answers, worded as the service words it where its wording is on record (moto's and
 * real-world traces of AWS's answers); ours where it is not (marked below). Operations throw these; nothing else
 * formats an SSM error. No message ever quotes a parameter's value.
 */
final class SsmErrors {
    private SsmErrors() {
    }

    private static AwsServiceException error(String type, String message) {
        return new AwsServiceException(type, 400, message);
    }

    static AwsServiceException validation(String message) {
        return error("ValidationException", message);
    }

    static AwsServiceException validation(List<String> violations) {
        return ProtocolErrors.validation(violations);
    }

    static AwsServiceException parameterNotFound(String name) {
        return error("ParameterNotFound", "Parameter " + name + " not found.");
    }

    /** A /aws/reference/secretsmanager/ name whose secret or version Secrets Manager does not have (AWS's text). */
    static AwsServiceException referencedSecretNotFound(String reference) {
        return error("ParameterNotFound", "An error occurred (ParameterNotFound) when referencing Secrets Manager: "
                + "Secret " + reference + " not found.");
    }

    static AwsServiceException versionNotFound(String name, String version) {
        return error("ParameterVersionNotFound", "Systems Manager could not find version " + version + " of " + name
                + ". Verify the version and try again.");
    }

    static AwsServiceException alreadyExists() {
        return error("ParameterAlreadyExists", "The parameter already exists. To overwrite this value, set the "
                + "overwrite option in the request to true.");
    }

    static AwsServiceException tagsWithOverwrite() {
        return validation("Invalid request: tags and overwrite can't be used together. To create a parameter with "
                + "tags, please remove overwrite flag. To update tags for an existing parameter, please use "
                + "AddTagsToResource or RemoveTagsFromResource.");
    }

    static AwsServiceException typeRequired() {
        return validation("A parameter type is required when you create a parameter.");
    }

    static AwsServiceException standardTooLarge() {
        return validation("Standard tier parameters support a maximum parameter value of 4096 characters. To create a "
                + "larger parameter value, upgrade the parameter to use the advanced-parameter tier. For more "
                + "information, see https://docs.aws.amazon.com/systems-manager/latest/userguide/"
                + "parameter-store-advanced-parameters.html");
    }

    /** Our wording (AWS's is not on record): the Advanced tier's limit, worded as a constraint violation. */
    static AwsServiceException advancedTooLarge() {
        return validation(List.of("Value at 'value' failed to satisfy constraint: Member must have length less than "
                + "or equal to 8192"));
    }

    static AwsServiceException downgrade() {
        return validation("This parameter uses the advanced-parameter tier. You can't downgrade a parameter from the "
                + "advanced-parameter tier to the standard-parameter tier. If necessary, you can delete the advanced "
                + "parameter and recreate it as a standard parameter.");
    }

    static AwsServiceException reservedName(boolean path) {
        return validation(path
                ? "Parameter name: can't be prefixed with \"ssm\" (case-insensitive). If formed as a path, it can "
                + "consist of sub-paths divided by slash symbol; each sub-path can be formed as a mix of letters, "
                + "numbers and the following 3 symbols .-_"
                : "Parameter name: can't be prefixed with \"aws\" or \"ssm\" (case-insensitive).");
    }

    /** Our wording: a name with characters outside {@code a-zA-Z0-9_.-/}, or an empty path segment. */
    static AwsServiceException invalidName() {
        return validation("Parameter name must be a fully qualified name and contain only letters, numbers and the "
                + "following symbols: . - _ /, with a non-empty level between two slashes.");
    }

    /** Our wording: AWS's is not on record. */
    static AwsServiceException hierarchyTooDeep() {
        return error("HierarchyLevelLimitExceededException", "A hierarchy can have a maximum of 15 levels.");
    }

    /** Our wording: AWS's is not on record. */
    static AwsServiceException invalidAllowedPattern() {
        return error("InvalidAllowedPatternException", "The request doesn't meet the regular expression requirement: "
                + "AllowedPattern is not a valid regular expression.");
    }

    /** Our wording (never the value, which may be a secret). */
    static AwsServiceException patternMismatch(String pattern) {
        return error("ParameterPatternMismatchException", "Parameter value failed to satisfy constraint specified: "
                + pattern);
    }

    static AwsServiceException unsupportedDataType(String dataType) {
        return validation("The following data type is not supported: " + dataType
                + " (Data type names are all lowercase.)");
    }

    static AwsServiceException labelLimit() {
        return error("ParameterVersionLabelLimitExceeded", "A parameter version can have maximum 10 labels.Move one "
                + "or more labels to another version and try again.");
    }

    static AwsServiceException invalidResourceId() {
        return error("InvalidResourceId", "Invalid Resource Id");
    }

    static AwsServiceException invalidResourceType() {
        return error("InvalidResourceType", "Invalid Resource Type");
    }

    static AwsServiceException tooManyTags() {
        return error("TooManyTagsError", "You exceeded the maximum number of tags allowed for the resource. "
                + "A parameter can have up to 50 tags.");
    }

    static AwsServiceException tooManyUpdates() {
        return error("TooManyUpdates", "There are concurrent updates for a resource that supports one update at a "
                + "time.");
    }

    static AwsServiceException invalidNextToken() {
        return error("InvalidNextToken", "The specified token is not valid.");
    }

    static AwsServiceException bothFilters() {
        return validation("You can use either Filters or ParameterFilters in a single request.");
    }

    // ParameterFilters (DescribeParameters, GetParametersByPath). Types and sentences as moto records them for
    // DescribeParameters (its tests of 2019, with AWS's quirks such as "missing : null"); the lists of valid keys and
    // options are completed from the API reference's ParameterStringFilter where moto's predate a key or option
    // (DataType, Contains) or are its own (GetParametersByPath's keys, Label's one option): our wording there.

    /** A key the operation doesn't take (Label in DescribeParameters; Name, Path, Tier, DataType, tag:… by path). */
    static AwsServiceException invalidFilterKey(String key, List<String> valid) {
        return error("InvalidFilterKey", "The following filter key is not valid: " + key + ". Valid filter keys "
                + "include: " + valid + ".");
    }

    static AwsServiceException duplicateFilter(String key) {
        return error("InvalidFilterKey", "The following filter is duplicated in the request: " + key + ". A request "
                + "can contain only one occurrence of a specific filter.");
    }

    static AwsServiceException invalidFilterOption(String option, List<String> valid) {
        return error("InvalidFilterOption", "The following filter option is not valid: " + option + ". Valid options "
                + "include: " + valid + ".");
    }

    /** A Type or Tier filter's value outside that member's enum. */
    static AwsServiceException invalidFilterValue(String value, List<String> valid) {
        return error("InvalidFilterValue", "The following filter value is not valid: " + value + ". Valid values "
                + "include: " + valid + ".");
    }

    /** A filter without Values (a tag:… filter may have none: then it asks for the tag's presence). */
    static AwsServiceException missingFilterValues(String key) {
        return error("InvalidFilterValue", "The following filter values are missing : null for filter key " + key
                + ".");
    }

    /** A Path filter's value under /aws or /ssm, which name AWS's public parameters. */
    static AwsServiceException reservedPathFilter() {
        return validation("Filters for common parameters can't be prefixed with \"aws\" or \"ssm\" "
                + "(case-insensitive). When using global parameters, please specify within a global namespace.");
    }

    static AwsServiceException invalidPathFilter() {
        return validation("The parameter doesn't meet the parameter name requirements. The parameter name must begin "
                + "with a forward slash \"/\". It can't be prefixed with \"aws\" or \"ssm\" (case-insensitive). It must "
                + "use only letters, numbers, or the following symbols: . (period), - (hyphen), _ (underscore). "
                + "Special characters are not allowed. All sub-paths, if specified, must use the forward slash symbol "
                + "\"/\". Valid example: /get/parameters2-/by1./path0_.");
    }
}
