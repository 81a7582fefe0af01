package dev.homeport.secretsmanager;

import dev.homeport.common.Ids;
import dev.homeport.secretsmanager.model.Secret;
import dev.homeport.store.Database;
import dev.homeport.testing.HomeportServer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link SecretRepository#findBySecretId}: a name, the full ARN and the partial ARN (without the
 * {@code -XXXXXX} suffix) all find the same secret, against the real JDBC store. Also
 * {@link SecretFilters#words}, which ListSecrets' {@code all} and {@code description} filters use.
 */
class SecretIdResolutionPropertiesTest {
    private static final String ACCOUNT = "000000000000";
    private static final String REGION = "us-east-1";

    private static Path dir;
    private static Database database;
    private static SecretRepository repository;

    @BeforeContainer
    static void openStore() throws Exception {
        dir = Files.createTempDirectory("homeport-resolve");
        database = Database.openDefault(dir);
        repository = new JdbcSecretRepository(database);
    }

    @AfterContainer
    static void closeStore() {
        database.close();
        HomeportServer.deleteRecursively(dir);
    }

    @Property(tries = 200, seed = "20261128")
    void nameFullArnAndPartialArnFindTheSameSecret(@ForAll("names") String name) {
        Secret secret = createFresh(name);
        String arn = secret.arn();
        String partial = arn.substring(0, arn.length() - 7);
        assertThat(arn).matches("arn:aws:secretsmanager:us-east-1:000000000000:secret:.+-[A-Za-z0-9]{6}");
        assertThat(partial).isEqualTo("arn:aws:secretsmanager:us-east-1:000000000000:secret:" + name);

        for (String id : List.of(name, arn, partial)) {
            assertThat(repository.findBySecretId(ACCOUNT, REGION, id)).as(id).map(Secret::arn).contains(arn);
        }
        // A regional endpoint finds nothing through another region's ARN, partial or full.
        assertThat(repository.findBySecretId(ACCOUNT, "eu-west-1", partial)).isEmpty();
        assertThat(repository.findBySecretId(ACCOUNT, "eu-west-1", arn.replace("us-east-1", "eu-west-1"))).isEmpty();
        // Another account's ARN is looked up in that account, where there is nothing.
        assertThat(repository.findBySecretId(ACCOUNT, REGION, partial.replace(ACCOUNT, "111111111111"))).isEmpty();
        // Another service, or not a secret resource: nothing.
        assertThat(repository.findBySecretId(ACCOUNT, REGION, partial.replace(":secretsmanager:", ":ssm:"))).isEmpty();
        assertThat(repository.findBySecretId(ACCOUNT, REGION, partial.replace(":secret:", ":parameter:"))).isEmpty();
        // A wrong suffix is a partial ARN of a name that does not exist.
        assertThat(repository.findBySecretId(ACCOUNT, REGION, arn + "x")).isEmpty();
        repository.purge(arn);
    }

    @Property(tries = 100, seed = "20261128")
    void prefixNamesDoNotShadowEachOther(@ForAll("names") String name) {
        // "a" and "a-b" style pairs: the partial ARN of one must never find the other.
        String longer = name.length() > 500 ? name.substring(0, 500) + "-x" : name + "-x";
        Secret shortOne = createFresh(name.length() > 500 ? name.substring(0, 500) : name);
        Secret longOne = createFresh(longer);
        for (Secret s : List.of(shortOne, longOne)) {
            String partial = s.arn().substring(0, s.arn().length() - 7);
            assertThat(repository.findBySecretId(ACCOUNT, REGION, partial)).map(Secret::arn).contains(s.arn());
            assertThat(repository.findBySecretId(ACCOUNT, REGION, s.name())).map(Secret::arn).contains(s.arn());
        }
        repository.purge(shortOne.arn());
        repository.purge(longOne.arn());
    }

    @Example
    void aFullArnWinsOverAPartialArnThatSpellsTheSameText() {
        // Name "n" gets ARN ...:secret:n-AbCdEf; a secret literally named "n-AbCdEf" has that text as its
        // partial ARN. AWS resolves an exact ARN first, and so do we: this is why AWS advises against
        // names ending in a hyphen and six characters.
        Secret n = createFresh("ambiguous");
        String suffix = n.arn().substring(n.arn().length() - 6);
        Secret lookalike = createFresh("ambiguous-" + suffix);
        String lookalikePartial = lookalike.arn().substring(0, lookalike.arn().length() - 7);
        assertThat(lookalikePartial).isEqualTo(n.arn());
        assertThat(repository.findBySecretId(ACCOUNT, REGION, lookalikePartial)).map(Secret::arn).contains(n.arn());
        assertThat(repository.findBySecretId(ACCOUNT, REGION, lookalike.name())).map(Secret::arn)
                .contains(lookalike.arn());
        repository.purge(n.arn());
        repository.purge(lookalike.arn());
    }

    @Property(tries = 1000, seed = "20261128")
    void wordsAreLowercaseLettersAndDigitsOnly(@ForAll("searchText") String text) {
        List<String> words = SecretFilters.words(text);
        for (String w : words) {
            assertThat(w).isNotEmpty();
            assertThat(w).isEqualTo(w.toLowerCase(java.util.Locale.ROOT));
            assertThat(w.codePoints().allMatch(Character::isLetterOrDigit)).as("word '%s' of '%s'", w, text).isTrue();
        }
        // Splitting the words again changes nothing: each word is one run of letters or of digits.
        assertThat(SecretFilters.words(String.join(" ", words))).isEqualTo(words);
        // Every letter and digit of the input survives, in order.
        StringBuilder kept = new StringBuilder();
        text.codePoints().filter(Character::isLetterOrDigit).forEach(kept::appendCodePoint);
        assertThat(String.join("", words)).isEqualTo(kept.toString().toLowerCase(java.util.Locale.ROOT));
    }

    @Example
    void wordsSplitAtCaseAndDigitChanges() {
        assertThat(SecretFilters.words("credsDatabase#892")).containsExactly("creds", "database", "892");
        assertThat(SecretFilters.words("prod/DB_password-2")).containsExactly("prod", "db", "password", "2");
        assertThat(SecretFilters.words(null)).isEmpty();
    }

    private static Secret createFresh(String name) {
        repository.findByName(ACCOUNT, REGION, name).ifPresent(s -> repository.purge(s.arn()));
        Instant now = Instant.now();
        String arn = "arn:aws:secretsmanager:" + REGION + ":" + ACCOUNT + ":secret:" + name + "-" + Ids.alphanumeric(6);
        repository.create(Secret.builder().arn(arn).name(name).account(ACCOUNT).region(REGION).createdDate(now)
                .lastChangedDate(now).build(), null);
        return repository.findByArn(arn).orElseThrow();
    }

    @Provide
    Arbitrary<String> names() {
        return SecretNames.valid();
    }

    @Provide
    Arbitrary<String> searchText() {
        return Arbitraries.strings().withCharRange(' ', '~').withCharRange('\u00c0', '\u00ff')
                .withChars('\u00e9', '\u4e2d', '\u0661', '\t').ofMaxLength(60);
    }
}
