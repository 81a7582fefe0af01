package dev.homeport.secretsmanager;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.Filter;
import software.amazon.awssdk.services.secretsmanager.model.FilterNameStringType;
import software.amazon.awssdk.services.secretsmanager.model.InvalidNextTokenException;
import software.amazon.awssdk.services.secretsmanager.model.InvalidParameterException;
import software.amazon.awssdk.services.secretsmanager.model.ListSecretsRequest;
import software.amazon.awssdk.services.secretsmanager.model.ListSecretsResponse;
import software.amazon.awssdk.services.secretsmanager.model.SecretListEntry;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;
import software.amazon.awssdk.services.secretsmanager.model.SortOrderType;
import software.amazon.awssdk.services.secretsmanager.model.Tag;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ListSecrets: filters, negation, pagination, sorting, planned deletions. Tests that count every
 * secret in a region use a region of their own (the region comes from the SigV4 scope), so other
 * tests' secrets don't show up.
 */
class ListSecretsTest extends SecretsManagerTestBase {

    private static Filter filter(FilterNameStringType key, String... values) {
        return Filter.builder().key(key).values(values).build();
    }

    private static List<String> names(Consumer<ListSecretsRequest.Builder> request) {
        return names(sm, request);
    }

    /** Every name the listing returns, following NextToken to the end. */
    private static List<String> names(SecretsManagerClient client, Consumer<ListSecretsRequest.Builder> request) {
        List<String> out = new ArrayList<>();
        String next = null;
        do {
            String token = next;
            ListSecretsResponse page = client.listSecrets(b -> {
                request.accept(b);
                b.nextToken(token);
            });
            page.secretList().forEach(e -> out.add(e.name()));
            next = page.nextToken();
        } while (next != null);
        return out;
    }

    @Test
    void filtersByNamePrefix() {
        String p = uniqueName("list-name");
        createString(p + "/alpha", "v");
        createString(p + "/alphabet", "v");
        createString(p + "/beta", "v");

        assertThat(names(b -> b.filters(filter(FilterNameStringType.NAME, p + "/al"))))
                .containsExactlyInAnyOrder(p + "/alpha", p + "/alphabet");
        assertThat(names(b -> b.filters(filter(FilterNameStringType.NAME, p + "/al", p + "/be"))))
                .containsExactlyInAnyOrder(p + "/alpha", p + "/alphabet", p + "/beta");
        // Name matching is case-sensitive.
        assertThat(names(b -> b.filters(filter(FilterNameStringType.NAME, p.toUpperCase() + "/AL")))).isEmpty();
    }

    @Test
    void aBangNegatesAValue() {
        String p = uniqueName("list-negate");
        createString(p + "/alpha", "v");
        createString(p + "/alphabet", "v");
        createString(p + "/beta", "v");

        assertThat(names(b -> b.filters(filter(FilterNameStringType.NAME, p, "!" + p + "/alphab"))))
                .containsExactlyInAnyOrder(p + "/alpha", p + "/beta");
        assertThat(names(b -> b.filters(filter(FilterNameStringType.NAME, p),
                filter(FilterNameStringType.NAME, "!" + p + "/al"))))
                .containsExactly(p + "/beta");
    }

    @Test
    void filtersByDescriptionTagsAndAll() {
        String p = uniqueName("list-meta");
        String db = p + "/db";
        String api = p + "/api";
        sm.createSecret(b -> b.name(db).secretString("v").description("Production Database password")
                .tags(Tag.builder().key("team").value("payments").build()));
        sm.createSecret(b -> b.name(api).secretString("v").description("staging API key")
                .tags(Tag.builder().key("owner").value("platform").build()));
        Filter mine = filter(FilterNameStringType.NAME, p);

        // description: case-insensitive, any word may match the prefix.
        assertThat(names(b -> b.filters(mine, filter(FilterNameStringType.DESCRIPTION, "datab"))))
                .containsExactly(db);
        assertThat(names(b -> b.filters(mine, filter(FilterNameStringType.DESCRIPTION, "STAGING"))))
                .containsExactly(api);
        // A value of several words matches descriptions holding each of them, in any order and with others between.
        assertThat(names(b -> b.filters(mine, filter(FilterNameStringType.DESCRIPTION, "production password"))))
                .containsExactly(db);
        assertThat(names(b -> b.filters(mine, filter(FilterNameStringType.DESCRIPTION, "key staging"))))
                .containsExactly(api);
        assertThat(names(b -> b.filters(mine, filter(FilterNameStringType.DESCRIPTION, "staging password")))).isEmpty();
        assertThat(names(b -> b.filters(mine, filter(FilterNameStringType.TAG_KEY, "tea")))).containsExactly(db);
        assertThat(names(b -> b.filters(mine, filter(FilterNameStringType.TAG_KEY, "!team")))).containsExactly(api);
        assertThat(names(b -> b.filters(mine, filter(FilterNameStringType.TAG_VALUE, "plat")))).containsExactly(api);
        assertThat(names(b -> b.filters(mine, filter(FilterNameStringType.TAG_VALUE, "nothing")))).isEmpty();
        // all: name, description, tag keys and values.
        assertThat(names(b -> b.filters(mine, filter(FilterNameStringType.ALL, "payments")))).containsExactly(db);
        assertThat(names(b -> b.filters(mine, filter(FilterNameStringType.ALL, "api")))).containsExactly(api);
        assertThat(names(b -> b.filters(mine, filter(FilterNameStringType.ALL, "password"))))
                .containsExactly(db);
    }

    @Test
    void paginatesSevenSecretsInPagesOfThree() {
        try (SecretsManagerClient client = server.client(SecretsManagerClient.builder(), "ap-southeast-2", "test",
                "test")) {
            List<String> created = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                String n = "page-" + i;
                client.createSecret(b -> b.name(n).secretString("v"));
                created.add(n);
            }

            List<Integer> sizes = new ArrayList<>();
            List<String> seen = new ArrayList<>();
            String next = null;
            do {
                String token = next;
                ListSecretsResponse page = client.listSecrets(b -> b.maxResults(3).nextToken(token));
                sizes.add(page.secretList().size());
                page.secretList().forEach(e -> seen.add(e.name()));
                next = page.nextToken();
            } while (next != null);

            assertThat(sizes).containsExactly(3, 3, 1);
            assertThat(seen).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(created);
            // The SDK's paginator agrees.
            assertThat(client.listSecretsPaginator(b -> b.maxResults(3)).stream()
                    .flatMap(page -> page.secretList().stream()).map(SecretListEntry::name).toList()).containsExactlyElementsOf(seen);
        }
    }

    @Test
    void sortOrderReversesTheListing() throws InterruptedException {
        try (SecretsManagerClient client = server.client(SecretsManagerClient.builder(), "ca-central-1", "test",
                "test")) {
            for (String n : List.of("m", "b", "z", "a", "q")) {
                client.createSecret(b -> b.name(n).secretString("v"));
                Thread.sleep(3); // distinct creation times, so the order is defined
            }
            // The SDK (2.39) has no SortBy yet; the default key is the creation date.
            List<SecretListEntry> asc = client.listSecrets(b -> b.sortOrder(SortOrderType.ASC)).secretList();
            assertThat(asc).extracting(SecretListEntry::name).containsExactly("m", "b", "z", "a", "q");
            assertThat(asc).isSortedAccordingTo(Comparator.comparing(SecretListEntry::createdDate));
            assertThat(names(client, b -> b.sortOrder(SortOrderType.DESC)))
                    .containsExactly("q", "a", "z", "b", "m");
            // Pages keep the order.
            assertThat(names(client, b -> b.sortOrder(SortOrderType.DESC).maxResults(2)))
                    .containsExactly("q", "a", "z", "b", "m");
        }
    }

    @Test
    void plannedDeletionsAreHiddenUnlessAskedFor() {
        String p = uniqueName("list-deleted");
        createString(p + "/kept", "v");
        createString(p + "/gone", "v");
        sm.deleteSecret(b -> b.secretId(p + "/gone").recoveryWindowInDays(7L));
        Filter mine = filter(FilterNameStringType.NAME, p);

        assertThat(names(b -> b.filters(mine))).containsExactly(p + "/kept");
        List<SecretListEntry> all = sm.listSecrets(b -> b.filters(mine).includePlannedDeletion(true)).secretList();
        assertThat(all).extracting(SecretListEntry::name).containsExactlyInAnyOrder(p + "/kept", p + "/gone");
        assertThat(all).filteredOn(e -> e.name().endsWith("/gone")).singleElement()
                .satisfies(e -> assertThat(e.deletedDate()).isNotNull());
        assertThat(all).filteredOn(e -> e.name().endsWith("/kept")).singleElement()
                .satisfies(e -> assertThat(e.deletedDate()).isNull());
    }

    @Test
    void listEntriesDescribeTheSecret() {
        String name = uniqueName("list-entry");
        var created = sm.createSecret(b -> b.name(name).secretString("v").description("d")
                .tags(Tag.builder().key("k").value("v").build()));
        SecretListEntry e = sm.listSecrets(b -> b.filters(filter(FilterNameStringType.NAME, name))).secretList()
                .get(0);
        assertThat(e.arn()).isEqualTo(created.arn());
        assertThat(e.description()).isEqualTo("d");
        assertThat(e.tags()).containsExactly(Tag.builder().key("k").value("v").build());
        assertThat(e.secretVersionsToStages()).containsOnlyKeys(created.versionId());
        assertThat(e.createdDate()).isNotNull();
        assertThat(e.rotationEnabled()).isNull();
    }

    @Test
    void invalidNextTokenIsRefused() {
        assertAwsError(() -> sm.listSecrets(b -> b.nextToken("garbage!")), InvalidNextTokenException.class,
                "InvalidNextTokenException", "The NextToken value is invalid.");
    }

    @Test
    void maxResultsOutOfRangeIsValidationException() {
        assertAwsError(() -> sm.listSecrets(b -> b.maxResults(0)), SecretsManagerException.class,
                "ValidationException", "1 validation error detected: Value '0' at 'maxResults' failed to satisfy "
                        + "constraint: Member must have value greater than or equal to 1");
        assertAwsError(() -> sm.listSecrets(b -> b.maxResults(101)), SecretsManagerException.class,
                "ValidationException", "1 validation error detected: Value '101' at 'maxResults' failed to satisfy "
                        + "constraint: Member must have value less than or equal to 100");
    }

    @Test
    void aFilterWithoutKeyOrValuesIsInvalidParameterException() {
        assertAwsError(() -> sm.listSecrets(b -> b.filters(Filter.builder().values("x").build())),
                InvalidParameterException.class, "InvalidParameterException", "Invalid filter key");
        assertAwsError(() -> sm.listSecrets(b -> b.filters(Filter.builder().key(FilterNameStringType.NAME).build())),
                InvalidParameterException.class, "InvalidParameterException", "Invalid filter values for key: name");
        assertAwsError(() -> sm.listSecrets(b -> b.filters(Filter.builder().key(FilterNameStringType.DESCRIPTION)
                        .values(List.of()).build())),
                InvalidParameterException.class, "InvalidParameterException",
                "Invalid filter values for key: description");
    }

    @Test
    void unknownFilterKeyIsValidationException() {
        assertAwsError(() -> sm.listSecrets(b -> b.filters(Filter.builder().key("colour").values("x").build())),
                SecretsManagerException.class, "ValidationException",
                "1 validation error detected: Value 'colour' at 'filters.1.member.key' failed to satisfy constraint: "
                        + "Member must satisfy enum value set: "
                        + "[description, name, tag-key, tag-value, primary-region, owning-service, all]");
    }
}
