package dev.homeport.common;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.StringLength;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Arn#parse} on generated ARNs: a parsed ARN prints back exactly as given, the resource part
 * keeps every colon and slash, and anything that is not an ARN parses to empty. Fixed seeds, so a
 * failure reproduces on every run.
 */
class ArnPropertiesTest {

    @Property(tries = 1000, seed = "20261128")
    void parsedArnPrintsBackAsGiven(@ForAll("arns") String[] parts) {
        String text = "arn:" + String.join(":", parts);
        Optional<Arn> arn = Arn.parse(text);
        assertThat(arn).isPresent();
        assertThat(arn.get().toString()).isEqualTo(text);
        assertThat(arn.get().partition()).isEqualTo(parts[0]);
        assertThat(arn.get().service()).isEqualTo(parts[1]);
        assertThat(arn.get().region()).isEqualTo(parts[2]);
        assertThat(arn.get().account()).isEqualTo(parts[3]);
        // Only the first five separators split: the resource keeps its own colons and slashes.
        assertThat(arn.get().resource()).isEqualTo(parts[4]);
    }

    @Property(tries = 300, seed = "20261128")
    void secretArnsKeepNameAndSuffix(@ForAll("secretNames") String name,
                                     @ForAll @StringLength(6) @CharRange(from = 'a', to = 'z') @CharRange(from = 'A', to = 'Z')
                                     @CharRange(from = '0', to = '9') String suffix) {
        String text = "arn:aws:secretsmanager:us-east-1:000000000000:secret:" + name + "-" + suffix;
        Arn arn = Arn.parse(text).orElseThrow();
        assertThat(arn.service()).isEqualTo("secretsmanager");
        assertThat(arn.resource()).isEqualTo("secret:" + name + "-" + suffix);
        assertThat(arn.toString()).isEqualTo(text);
    }

    @Property(tries = 1000, seed = "20261128")
    void textNotStartingWithArnIsEmpty(@ForAll @StringLength(max = 200) String text) {
        if (!text.startsWith("arn:")) {
            assertThat(Arn.parse(text)).isEmpty();
        }
    }

    @Property(tries = 500, seed = "20261128")
    void fewerThanSixFieldsIsEmpty(@ForAll("colonFreeParts") java.util.List<String> parts) {
        // "arn" plus at most four more fields: not enough separators for partition:service:region:account:resource.
        String text = "arn:" + String.join(":", parts);
        assertThat(Arn.parse(text)).isEmpty();
    }

    @Property(tries = 300, seed = "20261128")
    void emptyPartitionOrServiceIsEmpty(@ForAll("arns") String[] parts, @ForAll boolean blankPartition) {
        parts[blankPartition ? 0 : 1] = "";
        assertThat(Arn.parse("arn:" + String.join(":", parts))).isEmpty();
    }

    @Example
    void nullIsEmpty() {
        assertThat(Arn.parse(null)).isEmpty();
    }

    @Example
    void secretSuffixIsSixLettersOrDigits() {
        for (int i = 0; i < 10_000; i++) {
            assertThat(Ids.alphanumeric(6)).matches("[A-Za-z0-9]{6}");
        }
    }

    @Provide
    Arbitrary<String[]> arns() {
        Arbitrary<String> partition = Arbitraries.of("aws", "aws-cn", "aws-us-gov", "aws-iso", "x");
        Arbitrary<String> service = Arbitraries.strings().withCharRange('a', 'z').withChars('-', '0', '1')
                .ofMinLength(1).ofMaxLength(20);
        Arbitrary<String> region = Arbitraries.oneOf(Arbitraries.just(""),
                Arbitraries.of("us-east-1", "eu-west-1", "ap-southeast-2", "us-gov-west-1"));
        Arbitrary<String> account = Arbitraries.oneOf(Arbitraries.just(""),
                Arbitraries.strings().numeric().ofLength(12), Arbitraries.just("aws"));
        // Anything printable, with colons and slashes made frequent: they are the interesting ones.
        Arbitrary<String> resource = Arbitraries.strings()
                .withCharRange(' ', '~').withChars(':', '/', ':', '/', ':', '/', 'é', '\u4e2d')
                .ofMinLength(0).ofMaxLength(120);
        return Combinators.combine(partition, service, region, account, resource)
                .as((p, s, r, a, res) -> new String[]{p, s, r, a, res});
    }

    @Provide
    Arbitrary<String> secretNames() {
        return Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z').withCharRange('0', '9')
                .withChars('/', '_', '+', '=', '.', '@', '-').ofMinLength(1).ofMaxLength(512);
    }

    @Provide
    Arbitrary<java.util.List<String>> colonFreeParts() {
        return Arbitraries.strings().withCharRange(' ', '~').excludeChars(':').ofMaxLength(20).list()
                .ofMinSize(1).ofMaxSize(4);
    }
}
