package dev.homeport.ecs;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ValueFromTest {
    static final String ARN = "arn:aws:secretsmanager:us-east-1:000000000000:secret:";

    @Test
    void fullArnIsTheSecretId() {
        assertThat(ValueFrom.parse(ARN + "db-AbCdEf")).isEqualTo(new ValueFrom.SecretsManager(ARN + "db-AbCdEf",
                "us-east-1", "000000000000", ARN + "db-AbCdEf", null, null, null));
    }

    @Test
    void arnWithoutSuffixIsAPartialArn() {
        assertThat(ValueFrom.parse(ARN + "smdemo")).isInstanceOfSatisfying(ValueFrom.SecretsManager.class,
                s -> assertThat(s.secretId()).isEqualTo(ARN + "smdemo"));
    }

    @Test
    void fourFieldsWithEmptyOnes() {
        assertThat(ValueFrom.parse(ARN + "smdemo:password::")).isEqualTo(new ValueFrom.SecretsManager(
                ARN + "smdemo:password::", "us-east-1", "000000000000", ARN + "smdemo", "password", null, null));
        assertThat(ValueFrom.parse(ARN + "db-AbCdEf::AWSPREVIOUS:")).isInstanceOfSatisfying(
                ValueFrom.SecretsManager.class, s -> {
                    assertThat(s.secretId()).isEqualTo(ARN + "db-AbCdEf");
                    assertThat(s.jsonKey()).isNull();
                    assertThat(s.versionStage()).isEqualTo("AWSPREVIOUS");
                });
        assertThat(ValueFrom.parse(ARN + "db:k::0123-v")).isInstanceOfSatisfying(ValueFrom.SecretsManager.class,
                s -> assertThat(s.versionId()).isEqualTo("0123-v"));
    }

    @Test
    void otherFieldCountsAreInvalid() {
        assertThat(ValueFrom.parse(ARN + "db:key")).isInstanceOf(ValueFrom.Invalid.class);
        assertThat(ValueFrom.parse(ARN + "db:key:stage")).isInstanceOf(ValueFrom.Invalid.class);
        assertThat(ValueFrom.parse(ARN + "db:a:b:c:d")).isInstanceOf(ValueFrom.Invalid.class);
        assertThat(ValueFrom.parse("arn:aws:secretsmanager:us-east-1:000000000000:notsecret:x"))
                .isInstanceOf(ValueFrom.Invalid.class);
        assertThat(ValueFrom.parse("arn:aws:secretsmanager:us-east-1")).isInstanceOf(ValueFrom.Invalid.class);
    }

    @Test
    void namesAndSsmArnsAreParameters() {
        assertThat(ValueFrom.parse("my-param")).isInstanceOf(ValueFrom.SsmParameter.class);
        assertThat(ValueFrom.parse("/a/b")).isInstanceOf(ValueFrom.SsmParameter.class);
        assertThat(ValueFrom.parse("arn:aws:ssm:us-east-1:000000000000:parameter/x"))
                .isInstanceOf(ValueFrom.SsmParameter.class);
    }

    @Provide
    Arbitrary<String> field() {
        return Arbitraries.strings().withChars("abcXYZ019-_/+=.@").ofMinLength(0).ofMaxLength(12);
    }

    @Provide
    Arbitrary<String> name() {
        return Arbitraries.strings().withChars("abcXYZ019-_/+=.@").ofMinLength(1).ofMaxLength(20);
    }

    @Property
    void fourFieldFormRoundTrips(@ForAll("name") String name, @ForAll("field") String key,
                                 @ForAll("field") String stage, @ForAll("field") String version) {
        String raw = ARN + name + ":" + key + ":" + stage + ":" + version;
        assertThat(ValueFrom.parse(raw)).isInstanceOfSatisfying(ValueFrom.SecretsManager.class, s -> {
            assertThat(s.secretId()).isEqualTo(ARN + name);
            assertThat(s.jsonKey()).isEqualTo(key.isEmpty() ? null : key);
            assertThat(s.versionStage()).isEqualTo(stage.isEmpty() ? null : stage);
            assertThat(s.versionId()).isEqualTo(version.isEmpty() ? null : version);
        });
    }

    @Property
    void oneFieldFormIsTheWholeArn(@ForAll("name") String name) {
        assertThat(ValueFrom.parse(ARN + name)).isInstanceOfSatisfying(ValueFrom.SecretsManager.class,
                s -> assertThat(s.secretId()).isEqualTo(ARN + name));
    }

    @Property
    void everyOtherFieldCountIsInvalid(@ForAll("name") String name, @ForAll("fieldCounts") int extra) {
        StringBuilder raw = new StringBuilder(ARN + name);
        for (int i = 0; i < extra; i++) {
            raw.append(":f");
        }
        assertThat(ValueFrom.parse(raw.toString())).isInstanceOf(ValueFrom.Invalid.class);
    }

    @Provide
    Arbitrary<Integer> fieldCounts() {
        return Arbitraries.of(1, 2, 4, 5, 6, 9);
    }

    @Property
    void nonArnIsAlwaysSsm(@ForAll("name") String name) {
        net.jqwik.api.Assume.that(!name.startsWith("arn:"));
        assertThat(ValueFrom.parse(name)).isInstanceOf(ValueFrom.SsmParameter.class);
    }
}
