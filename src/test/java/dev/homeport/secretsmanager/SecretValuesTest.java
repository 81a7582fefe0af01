package dev.homeport.secretsmanager;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.secretsmanager.model.BatchGetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.Filter;
import software.amazon.awssdk.services.secretsmanager.model.FilterNameStringType;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.InvalidNextTokenException;
import software.amazon.awssdk.services.secretsmanager.model.InvalidParameterException;
import software.amazon.awssdk.services.secretsmanager.model.InvalidRequestException;
import software.amazon.awssdk.services.secretsmanager.model.ListSecretVersionIdsResponse;
import software.amazon.awssdk.services.secretsmanager.model.PutSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretValueEntry;
import software.amazon.awssdk.services.secretsmanager.model.SecretVersionsListEntry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GetSecretValue, PutSecretValue, ListSecretVersionIds, UpdateSecretVersionStage and
 * BatchGetSecretValue: the version and staging-label rules.
 */
class SecretValuesTest extends SecretsManagerTestBase {

    private static Map<String, List<String>> stages(String secretId) {
        return sm.describeSecret(b -> b.secretId(secretId)).versionIdsToStages();
    }

    private static String put(String secretId, String value, String... stages) {
        String token = token();
        sm.putSecretValue(b -> {
            b.secretId(secretId).clientRequestToken(token).secretString(value);
            if (stages.length > 0) {
                b.versionStages(stages);
            }
        });
        return token;
    }

    // ------------------------------------------------------------------ GetSecretValue

    @Test
    void getByNameFullArnAndPartialArn() {
        String name = uniqueName("get/ids");
        String arn = createString(name, "by-any-id").arn();
        String partial = arn.substring(0, arn.length() - 7);
        assertThat(partial).endsWith(":secret:" + name);

        for (String id : List.of(name, arn, partial)) {
            GetSecretValueResponse r = sm.getSecretValue(b -> b.secretId(id));
            assertThat(r.secretString()).as(id).isEqualTo("by-any-id");
            assertThat(r.arn()).as(id).isEqualTo(arn);
            assertThat(r.name()).as(id).isEqualTo(name);
        }
    }

    @Test
    void aWrongSuffixOrRegionFindsNothing() {
        String name = uniqueName("get-wrong-arn");
        String arn = createString(name, "v").arn();
        String wrongSuffix = arn.substring(0, arn.length() - 6) + "ZZZZZZ";
        String otherRegion = arn.replace(":us-east-1:", ":eu-west-1:");

        for (String id : List.of(wrongSuffix, otherRegion)) {
            assertAwsError(() -> sm.getSecretValue(b -> b.secretId(id)), ResourceNotFoundException.class,
                    "ResourceNotFoundException", NOT_FOUND);
        }
    }

    @Test
    void getByVersionIdAndByStage() {
        String name = uniqueName("get-version");
        String v1 = createString(name, "one").versionId();
        String v2 = put(name, "two");

        assertThat(sm.getSecretValue(b -> b.secretId(name).versionId(v1)).secretString()).isEqualTo("one");
        GetSecretValueResponse byId = sm.getSecretValue(b -> b.secretId(name).versionId(v2));
        assertThat(byId.secretString()).isEqualTo("two");
        assertThat(byId.versionStages()).containsExactly(CURRENT);
        GetSecretValueResponse byStage = sm.getSecretValue(b -> b.secretId(name).versionStage(PREVIOUS));
        assertThat(byStage.secretString()).isEqualTo("one");
        assertThat(byStage.versionId()).isEqualTo(v1);
        assertThat(byStage.versionStages()).containsExactly(PREVIOUS);
        // Both, when they agree.
        assertThat(sm.getSecretValue(b -> b.secretId(name).versionId(v2).versionStage(CURRENT)).secretString())
                .isEqualTo("two");
    }

    @Test
    void versionIdAndStageThatDisagreeAreInvalidRequest() {
        String name = uniqueName("get-mismatch");
        String v1 = createString(name, "one").versionId();
        put(name, "two");

        assertAwsError(() -> sm.getSecretValue(b -> b.secretId(name).versionId(v1).versionStage(CURRENT)),
                InvalidRequestException.class, "InvalidRequestException",
                "You provided a VersionStage that is not associated to the provided VersionId.");
    }

    @Test
    void unknownStageOrVersionIsNotFound() {
        String name = uniqueName("get-unknown");
        createString(name, "v");
        String unknownVersion = token();

        assertAwsError(() -> sm.getSecretValue(b -> b.secretId(name).versionStage("X")),
                ResourceNotFoundException.class, "ResourceNotFoundException",
                "Secrets Manager can't find the specified secret value for staging label: X");
        assertAwsError(() -> sm.getSecretValue(b -> b.secretId(name).versionId(unknownVersion)),
                ResourceNotFoundException.class, "ResourceNotFoundException",
                "Secrets Manager can't find the specified secret value for VersionId: " + unknownVersion);
    }

    @Test
    void aVersionIdOfTheWrongLengthIsValidationException() {
        String name = uniqueName("get-short-id");
        createString(name, "v");
        assertAwsError(() -> sm.getSecretValue(b -> b.secretId(name).versionId("abc")),
                software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException.class,
                "ValidationException", "1 validation error detected: Value 'abc' at 'versionId' failed to satisfy "
                        + "constraint: Member must have length greater than or equal to 32");
    }

    @Test
    void missingSecretIsNotFound() {
        assertAwsError(() -> sm.getSecretValue(b -> b.secretId(uniqueName("nobody"))),
                ResourceNotFoundException.class, "ResourceNotFoundException", NOT_FOUND);
    }

    // ------------------------------------------------------------------ PutSecretValue

    @Test
    void putMovesCurrentAndPrevious() {
        String name = uniqueName("put-move");
        String v1 = createString(name, "one").versionId();
        String v2 = put(name, "two");
        assertThat(stages(name)).isEqualTo(Map.of(v1, List.of(PREVIOUS), v2, List.of(CURRENT)));

        String v3 = put(name, "three");
        // v1 lost its last label: it is deprecated and not shown.
        assertThat(stages(name)).isEqualTo(Map.of(v2, List.of(PREVIOUS), v3, List.of(CURRENT)));
        assertThat(currentValue(name)).isEqualTo("three");
        assertThat(sm.getSecretValue(b -> b.secretId(name).versionStage(PREVIOUS)).secretString()).isEqualTo("two");
        // A deprecated version is still readable by its id until it is pruned.
        assertThat(sm.getSecretValue(b -> b.secretId(name).versionId(v1)).secretString()).isEqualTo("one");
    }

    @Test
    void putWithAnExplicitCurrentStageMovesPreviousToo() {
        String name = uniqueName("put-explicit-current");
        String v1 = createString(name, "one").versionId();
        String v2 = put(name, "two", CURRENT, "extra");

        assertThat(currentValue(name)).isEqualTo("two");
        assertThat(stages(name).get(v1)).containsExactly(PREVIOUS);
        assertThat(stages(name).get(v2)).containsExactlyInAnyOrder(CURRENT, "extra");
    }

    @Test
    void putResponseNamesTheVersionAndItsStages() {
        String name = uniqueName("put-response");
        String arn = createString(name, "one").arn();
        String token = token();
        PutSecretValueResponse r = sm.putSecretValue(b -> b.secretId(name).clientRequestToken(token)
                .secretBinary(SdkBytes.fromUtf8String("bin")));
        assertThat(r.arn()).isEqualTo(arn);
        assertThat(r.name()).isEqualTo(name);
        assertThat(r.versionId()).isEqualTo(token);
        assertThat(r.versionStages()).containsExactly(CURRENT);
        assertThat(sm.getSecretValue(b -> b.secretId(name)).secretBinary().asUtf8String()).isEqualTo("bin");
    }

    @Test
    void putWithCustomStagesLeavesCurrentAlone() {
        String name = uniqueName("put-custom");
        String v1 = createString(name, "one").versionId();
        String blue = put(name, "blue-value", "blue", "green");

        assertThat(currentValue(name)).isEqualTo("one");
        assertThat(sm.getSecretValue(b -> b.secretId(name).versionStage("blue")).secretString())
                .isEqualTo("blue-value");
        assertThat(stages(name)).containsEntry(v1, List.of(CURRENT));
        assertThat(stages(name).get(blue)).containsExactlyInAnyOrder("blue", "green");

        // A label sits on one version at most: putting "blue" elsewhere takes it away.
        String other = put(name, "other", "blue");
        assertThat(stages(name).get(blue)).containsExactly("green");
        assertThat(stages(name).get(other)).containsExactly("blue");
    }

    @Test
    void putWithPendingLeavesCurrentAlone() {
        String name = uniqueName("put-pending");
        String v1 = createString(name, "one").versionId();
        String pending = put(name, "next", PENDING);

        assertThat(currentValue(name)).isEqualTo("one");
        assertThat(sm.getSecretValue(b -> b.secretId(name).versionStage(PENDING)).versionId()).isEqualTo(pending);
        assertThat(stages(name)).isEqualTo(Map.of(v1, List.of(CURRENT), pending, List.of(PENDING)));
    }

    @Test
    void putRetryWithTheSameTokenAndValueChangesNothing() {
        String name = uniqueName("put-retry");
        String v1 = createString(name, "one").versionId();
        String token = token();
        PutSecretValueResponse first = sm.putSecretValue(b -> b.secretId(name).clientRequestToken(token)
                .secretString("two"));
        PutSecretValueResponse again = sm.putSecretValue(b -> b.secretId(name).clientRequestToken(token)
                .secretString("two"));

        assertThat(again.versionId()).isEqualTo(first.versionId()).isEqualTo(token);
        assertThat(stages(name)).isEqualTo(Map.of(v1, List.of(PREVIOUS), token, List.of(CURRENT)));
        assertThat(sm.listSecretVersionIds(b -> b.secretId(name).includeDeprecated(true)).versions()).hasSize(2);
    }

    @Test
    void putRetryWithTheSameTokenAndAnotherValueIsRefused() {
        String name = uniqueName("put-retry-other");
        createString(name, "one");
        String token = token();
        sm.putSecretValue(b -> b.secretId(name).clientRequestToken(token).secretString("two"));

        assertAwsError(() -> sm.putSecretValue(b -> b.secretId(name).clientRequestToken(token).secretString("2")),
                ResourceExistsException.class, "ResourceExistsException",
                "A resource with the ID you requested already exists.");
        assertThat(currentValue(name)).isEqualTo("two");
    }

    @Test
    void putToAMissingSecretIsNotFound() {
        assertAwsError(() -> sm.putSecretValue(b -> b.secretId(uniqueName("nobody")).secretString("x")),
                ResourceNotFoundException.class, "ResourceNotFoundException", NOT_FOUND);
    }

    @Test
    void putWithoutAValueIsRefused() {
        String name = uniqueName("put-empty");
        createString(name, "one");
        // Our wording; AWS refuses this too, as InvalidRequestException.
        assertAwsError(() -> sm.putSecretValue(b -> b.secretId(name)), InvalidRequestException.class,
                "InvalidRequestException", "You must provide either SecretString or SecretBinary.");
    }

    // ------------------------------------------------------------------ ListSecretVersionIds

    @Test
    void listVersionsHidesDeprecatedUnlessAsked() {
        String name = uniqueName("versions-deprecated");
        var created = createString(name, "one");
        String arn = created.arn();
        String v1 = created.versionId();
        String v2 = put(name, "two");
        String v3 = put(name, "three");

        ListSecretVersionIdsResponse plain = sm.listSecretVersionIds(b -> b.secretId(name));
        assertThat(plain.arn()).isEqualTo(arn);
        assertThat(plain.name()).isEqualTo(name);
        assertThat(plain.versions()).extracting(SecretVersionsListEntry::versionId).containsExactlyInAnyOrder(v2, v3);
        assertThat(plain.versions()).filteredOn(v -> v.versionId().equals(v3)).singleElement()
                .satisfies(v -> assertThat(v.versionStages()).containsExactly(CURRENT));
        assertThat(plain.nextToken()).isNull();

        ListSecretVersionIdsResponse all = sm.listSecretVersionIds(b -> b.secretId(name).includeDeprecated(true));
        assertThat(all.versions()).extracting(SecretVersionsListEntry::versionId).containsExactlyInAnyOrder(v1, v2, v3);
        assertThat(all.versions()).filteredOn(v -> v.versionId().equals(v1)).singleElement()
                .satisfies(v -> assertThat(v.hasVersionStages()).isFalse());
    }

    @Test
    void listVersionsPaginates() {
        String name = uniqueName("versions-pages");
        List<String> expected = new ArrayList<>();
        expected.add(createString(name, "v0").versionId());
        for (int i = 1; i < 5; i++) {
            expected.add(put(name, "v" + i, "label" + i));
        }

        List<String> seen = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        String next = null;
        do {
            String token = next;
            ListSecretVersionIdsResponse page = sm.listSecretVersionIds(b -> b.secretId(name).maxResults(2)
                    .nextToken(token));
            sizes.add(page.versions().size());
            page.versions().forEach(v -> seen.add(v.versionId()));
            next = page.nextToken();
        } while (next != null);

        assertThat(sizes).containsExactly(2, 2, 1);
        // Oldest first, as Homeport lists them; every version exactly once.
        assertThat(seen).containsExactlyElementsOf(expected);
        // The SDK paginator walks the same pages.
        assertThat(sm.listSecretVersionIdsPaginator(b -> b.secretId(name).maxResults(2)).stream()
                .flatMap(page -> page.versions().stream()).map(SecretVersionsListEntry::versionId).toList()).containsExactlyElementsOf(expected);
    }

    @Test
    void listVersionsRejectsABadNextToken() {
        String name = uniqueName("versions-token");
        createString(name, "v");
        assertAwsError(() -> sm.listSecretVersionIds(b -> b.secretId(name).nextToken("not-a-token")),
                InvalidNextTokenException.class, "InvalidNextTokenException", "The NextToken value is invalid.");
    }

    // ------------------------------------------------------------------ UpdateSecretVersionStage

    @Test
    void movingCurrentBackMovesPreviousToo() {
        String name = uniqueName("stage-rollback");
        String v1 = createString(name, "one").versionId();
        String v2 = put(name, "two");
        String v3 = put(name, "three");

        sm.updateSecretVersionStage(b -> b.secretId(name).versionStage(CURRENT).moveToVersionId(v1)
                .removeFromVersionId(v3));

        assertThat(currentValue(name)).isEqualTo("one");
        assertThat(stages(name)).isEqualTo(Map.of(v1, List.of(CURRENT), v3, List.of(PREVIOUS)));
        assertThat(sm.listSecretVersionIds(b -> b.secretId(name).includeDeprecated(true)).versions())
                .filteredOn(v -> v.versionId().equals(v2)).singleElement()
                .satisfies(v -> assertThat(v.hasVersionStages()).isFalse());
    }

    @Test
    void aCustomLabelCanBeRemoved() {
        String name = uniqueName("stage-remove");
        String v1 = createString(name, "one").versionId();
        String v2 = put(name, "two", "blue");

        sm.updateSecretVersionStage(b -> b.secretId(name).versionStage("blue").removeFromVersionId(v2));

        assertThat(stages(name)).isEqualTo(Map.of(v1, List.of(CURRENT)));
        assertAwsError(() -> sm.getSecretValue(b -> b.secretId(name).versionStage("blue")),
                ResourceNotFoundException.class, "ResourceNotFoundException",
                "Secrets Manager can't find the specified secret value for staging label: blue");
    }

    @Test
    void aNewLabelCanBeAttached() {
        String name = uniqueName("stage-attach");
        String v1 = createString(name, "one").versionId();
        sm.updateSecretVersionStage(b -> b.secretId(name).versionStage("golden").moveToVersionId(v1));
        assertThat(stages(name).get(v1)).containsExactlyInAnyOrder(CURRENT, "golden");
    }

    @Test
    void stageChangeErrors() {
        String name = uniqueName("stage-errors");
        String v1 = createString(name, "one").versionId();
        String v2 = put(name, "two");
        String unknown = token();

        assertAwsError(() -> sm.updateSecretVersionStage(b -> b.secretId(name).versionStage(CURRENT)
                        .moveToVersionId(v1)), InvalidParameterException.class, "InvalidParameterException",
                "The staging label AWSCURRENT is currently attached to version " + v2
                        + ". You must specify it as RemoveFromVersionId to move the label.");
        assertAwsError(() -> sm.updateSecretVersionStage(b -> b.secretId(name).versionStage(CURRENT)
                        .moveToVersionId(v2).removeFromVersionId(v1)), InvalidParameterException.class,
                "InvalidParameterException",
                "The staging label AWSCURRENT is not attached to the version " + v1 + ".");
        assertAwsError(() -> sm.updateSecretVersionStage(b -> b.secretId(name).versionStage(CURRENT)
                        .removeFromVersionId(v2)), InvalidParameterException.class, "InvalidParameterException",
                "You can't remove the staging label AWSCURRENT from a version without moving it to another version.");
        assertAwsError(() -> sm.updateSecretVersionStage(b -> b.secretId(name).versionStage("x")),
                InvalidParameterException.class, "InvalidParameterException",
                "You must specify MoveToVersionId, RemoveFromVersionId, or both.");
        assertAwsError(() -> sm.updateSecretVersionStage(b -> b.secretId(name).versionStage("x")
                        .moveToVersionId(unknown)), ResourceNotFoundException.class, "ResourceNotFoundException",
                "Secrets Manager can't find the specified secret value for VersionId: " + unknown);
        assertAwsError(() -> sm.updateSecretVersionStage(b -> b.secretId(uniqueName("nobody")).versionStage("x")
                        .moveToVersionId(v1)), ResourceNotFoundException.class, "ResourceNotFoundException", NOT_FOUND);
        // Nothing changed along the way.
        assertThat(stages(name)).isEqualTo(Map.of(v1, List.of(PREVIOUS), v2, List.of(CURRENT)));
    }

    // ------------------------------------------------------------------ BatchGetSecretValue

    @Test
    void batchGetListsMissingSecretsUnderErrors() {
        String a = uniqueName("batch-a");
        String b = uniqueName("batch-b");
        String missing = uniqueName("batch-missing");
        createString(a, "value-a");
        createBinary(b, new byte[]{9, 8, 7});

        BatchGetSecretValueResponse r = sm.batchGetSecretValue(x -> x.secretIdList(a, missing, b));

        assertThat(r.secretValues()).extracting(SecretValueEntry::name).containsExactlyInAnyOrder(a, b);
        assertThat(r.secretValues()).filteredOn(e -> e.name().equals(a)).singleElement()
                .satisfies(e -> {
                    assertThat(e.secretString()).isEqualTo("value-a");
                    assertThat(e.versionStages()).containsExactly(CURRENT);
                });
        assertThat(r.secretValues()).filteredOn(e -> e.name().equals(b)).singleElement()
                .satisfies(e -> assertThat(e.secretBinary().asByteArray()).containsExactly(9, 8, 7));
        assertThat(r.errors()).singleElement().satisfies(e -> {
            assertThat(e.secretId()).isEqualTo(missing);
            assertThat(e.errorCode()).isEqualTo("ResourceNotFoundException");
            assertThat(e.message()).isEqualTo(NOT_FOUND);
        });
        assertThat(r.nextToken()).isNull();
    }

    @Test
    void batchGetByFiltersPaginates() {
        String prefix = uniqueName("batch-filter");
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String n = prefix + "/s" + i;
            createString(n, "value-" + i);
            names.add(n);
        }
        createString(uniqueName("batch-other"), "not matched");

        List<SecretValueEntry> seen = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        String next = null;
        do {
            String token = next;
            BatchGetSecretValueResponse page = sm.batchGetSecretValue(x -> x.filters(Filter.builder()
                    .key(FilterNameStringType.NAME).values(prefix).build()).maxResults(2).nextToken(token));
            sizes.add(page.secretValues().size());
            seen.addAll(page.secretValues());
            assertThat(page.errors()).isEmpty();
            next = page.nextToken();
        } while (next != null);

        assertThat(sizes).containsExactly(2, 2, 1);
        assertThat(seen).extracting(SecretValueEntry::name).containsExactlyInAnyOrderElementsOf(names);
        assertThat(seen).allSatisfy(e -> assertThat(e.secretString())
                .isEqualTo("value-" + e.name().substring(e.name().length() - 1)));
    }

    @Test
    void batchGetNeedsExactlyOneOfIdsAndFilters() {
        String message = "Either 'SecretIdList' or 'Filters' must be provided, but not both.";
        assertAwsError(() -> sm.batchGetSecretValue(x -> x.secretIdList("a").filters(Filter.builder()
                        .key(FilterNameStringType.NAME).values("a").build())), InvalidParameterException.class,
                "InvalidParameterException", message);
        assertAwsError(() -> sm.batchGetSecretValue(x -> { }), InvalidParameterException.class,
                "InvalidParameterException", message);
    }
}
