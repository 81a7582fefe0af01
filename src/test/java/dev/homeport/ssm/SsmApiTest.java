package dev.homeport.ssm;

import dev.homeport.testing.HomeportServer;
import dev.homeport.testing.RawAwsJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetParametersByPathResponse;
import software.amazon.awssdk.services.ssm.model.Parameter;
import software.amazon.awssdk.services.ssm.model.ParameterHistory;
import software.amazon.awssdk.services.ssm.model.ParameterMetadata;
import software.amazon.awssdk.services.ssm.model.ParameterStringFilter;
import software.amazon.awssdk.services.ssm.model.ParameterTier;
import software.amazon.awssdk.services.ssm.model.ParametersFilter;
import software.amazon.awssdk.services.ssm.model.ParametersFilterKey;
import software.amazon.awssdk.services.ssm.model.ParameterType;
import software.amazon.awssdk.services.ssm.model.ResourceTypeForTagging;
import software.amazon.awssdk.services.ssm.model.Tag;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Parameter Store through the AWS SDK: every operation, its answers and its errors in SSM's words. */
class SsmApiTest {
    static HomeportServer server;
    static SsmClient ssm;

    @BeforeAll
    static void start() {
        server = HomeportServer.start("none");
        ssm = server.client(SsmClient.builder());
    }

    @AfterAll
    static void stop() {
        ssm.close();
        server.close();
    }

    static AwsServiceException error(Runnable call) {
        AwsServiceException e = catchThrowableOfType(AwsServiceException.class, call::run);
        assertThat(e).as("an error").isNotNull();
        return e;
    }

    static String code(Runnable call) {
        return error(call).awsErrorDetails().errorCode();
    }

    @Test
    void aStringParameterIsPutReadOverwrittenAndDeleted() {
        var put = ssm.putParameter(b -> b.name("/app/greeting").value("hello").type(ParameterType.STRING)
                .description("first"));
        assertThat(put.version()).isEqualTo(1);
        assertThat(put.tier()).isEqualTo(ParameterTier.STANDARD);

        Parameter p = ssm.getParameter(b -> b.name("/app/greeting")).parameter();
        assertThat(p.name()).isEqualTo("/app/greeting");
        assertThat(p.value()).isEqualTo("hello");
        assertThat(p.type()).isEqualTo(ParameterType.STRING);
        assertThat(p.version()).isEqualTo(1);
        assertThat(p.dataType()).isEqualTo("text");
        assertThat(p.arn()).isEqualTo("arn:aws:ssm:us-east-1:000000000000:parameter/app/greeting");
        assertThat(p.lastModifiedDate()).isBetween(Instant.now().minus(Duration.ofMinutes(1)), Instant.now());
        assertThat(p.selector()).isNull();

        AwsServiceException exists = error(() -> ssm.putParameter(b -> b.name("/app/greeting").value("again")
                .type(ParameterType.STRING)));
        assertThat(exists.awsErrorDetails().errorCode()).isEqualTo("ParameterAlreadyExists");
        assertThat(exists.awsErrorDetails().errorMessage()).isEqualTo("The parameter already exists. To overwrite "
                + "this value, set the overwrite option in the request to true.");
        assertThat(ssm.putParameter(b -> b.name("/app/greeting").value("hi").overwrite(true)).version()).isEqualTo(2);
        Parameter second = ssm.getParameter(b -> b.name("/app/greeting")).parameter();
        assertThat(second.value()).isEqualTo("hi");
        assertThat(second.type()).isEqualTo(ParameterType.STRING);
        assertThat(ssm.getParameter(b -> b.name("/app/greeting:1")).parameter().value()).isEqualTo("hello");
        assertThat(ssm.getParameter(b -> b.name("/app/greeting:1")).parameter().selector()).isEqualTo(":1");
        // Described with the description kept from the version before.
        ParameterMetadata meta = ssm.describeParameters(b -> b.parameterFilters(ParameterStringFilter.builder()
                .key("Name").values("/app/greeting").build())).parameters().getFirst();
        assertThat(meta.description()).isEqualTo("first");
        assertThat(meta.version()).isEqualTo(2);
        assertThat(meta.lastModifiedUser()).isEqualTo("arn:aws:iam::000000000000:root");

        // A name without a leading slash keeps its form in the ARN; it can be read by ARN too.
        ssm.putParameter(b -> b.name("plain").value("v").type(ParameterType.STRING_LIST));
        Parameter plain = ssm.getParameter(b -> b.name("plain")).parameter();
        assertThat(plain.arn()).isEqualTo("arn:aws:ssm:us-east-1:000000000000:parameter/plain");
        assertThat(plain.type()).isEqualTo(ParameterType.STRING_LIST);
        assertThat(ssm.getParameter(b -> b.name(plain.arn())).parameter().name()).isEqualTo("plain");
        assertThat(ssm.getParameter(b -> b.name(p.arn())).parameter().name()).isEqualTo("/app/greeting");

        ssm.deleteParameter(b -> b.name("/app/greeting"));
        AwsServiceException gone = error(() -> ssm.getParameter(b -> b.name("/app/greeting")));
        assertThat(gone.awsErrorDetails().errorCode()).isEqualTo("ParameterNotFound");
        assertThat(gone.awsErrorDetails().errorMessage()).isEqualTo("Parameter /app/greeting not found.");
        assertThat(code(() -> ssm.deleteParameter(b -> b.name("/app/greeting")))).isEqualTo("ParameterNotFound");
        assertThat(gone.statusCode()).isEqualTo(400);
    }

    @Test
    void secureStringsAreReturnedInPlaintextOnlyWithDecryption() {
        ssm.putParameter(b -> b.name("/sec/db").value("pa55word-XYZ").type(ParameterType.SECURE_STRING));
        Parameter sealed = ssm.getParameter(b -> b.name("/sec/db")).parameter();
        assertThat(sealed.type()).isEqualTo(ParameterType.SECURE_STRING);
        assertThat(sealed.value()).isNotBlank().doesNotContain("pa55word");
        assertThat(ssm.getParameter(b -> b.name("/sec/db").withDecryption(true)).parameter().value())
                .isEqualTo("pa55word-XYZ");
        ParameterMetadata meta = ssm.describeParameters(b -> b.parameterFilters(ParameterStringFilter.builder()
                .key("Name").values("/sec/db").build())).parameters().getFirst();
        assertThat(meta.keyId()).isEqualTo("alias/aws/ssm");

        ssm.putParameter(b -> b.name("/sec/api").value("k3y").type(ParameterType.SECURE_STRING)
                .keyId("alias/custom"));
        assertThat(ssm.describeParameters(b -> b.parameterFilters(ParameterStringFilter.builder().key("KeyId")
                .values("alias/custom").build())).parameters()).extracting(ParameterMetadata::name)
                .containsExactly("/sec/api");
        ssm.putParameter(b -> b.name("/sec/api").value("k3y-2").overwrite(true));
        List<ParameterHistory> history = ssm.getParameterHistory(b -> b.name("/sec/api").withDecryption(true))
                .parameters();
        assertThat(history).extracting(ParameterHistory::value).containsExactly("k3y", "k3y-2");
        assertThat(history).extracting(ParameterHistory::keyId).containsOnly("alias/custom");
        assertThat(ssm.getParameterHistory(b -> b.name("/sec/api")).parameters())
                .extracting(ParameterHistory::value).noneMatch(v -> v.startsWith("k3y"));
        var many = ssm.getParameters(b -> b.names("/sec/db", "/sec/api").withDecryption(true));
        assertThat(many.parameters()).extracting(Parameter::value).containsExactlyInAnyOrder("pa55word-XYZ", "k3y-2");
        var byPath = ssm.getParametersByPath(b -> b.path("/sec").withDecryption(true));
        assertThat(byPath.parameters()).extracting(Parameter::value).containsExactlyInAnyOrder("pa55word-XYZ", "k3y-2");
        assertThat(ssm.getParametersByPath(b -> b.path("/sec")).parameters()).extracting(Parameter::value)
                .noneMatch(v -> v.contains("pa55word") || v.startsWith("k3y"));
    }

    @Test
    void putParameterChecksItsInput() {
        String big = "x".repeat(4097);
        AwsServiceException tooBig = error(() -> ssm.putParameter(b -> b.name("/big/std").value(big)
                .type(ParameterType.STRING)));
        assertThat(tooBig.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
        assertThat(tooBig.awsErrorDetails().errorMessage()).startsWith("Standard tier parameters support a maximum "
                + "parameter value of 4096 characters.");
        assertThat(ssm.putParameter(b -> b.name("/big/adv").value(big).type(ParameterType.STRING)
                .tier(ParameterTier.ADVANCED)).tier()).isEqualTo(ParameterTier.ADVANCED);
        assertThat(ssm.putParameter(b -> b.name("/big/intelligent").value(big).type(ParameterType.STRING)
                .tier(ParameterTier.INTELLIGENT_TIERING)).tier()).isEqualTo(ParameterTier.ADVANCED);
        assertThat(ssm.putParameter(b -> b.name("/big/small").value("s").type(ParameterType.STRING)
                .tier(ParameterTier.INTELLIGENT_TIERING)).tier()).isEqualTo(ParameterTier.STANDARD);
        assertThat(code(() -> ssm.putParameter(b -> b.name("/big/huge").value("x".repeat(8193))
                .type(ParameterType.STRING).tier(ParameterTier.ADVANCED)))).isEqualTo("ValidationException");
        assertThat(code(() -> ssm.putParameter(b -> b.name("/big/adv").value("s").overwrite(true)
                .tier(ParameterTier.STANDARD)))).isEqualTo("ValidationException");

        assertThat(code(() -> ssm.putParameter(b -> b.name("/p/bad-regex").value("1").type(ParameterType.STRING)
                .allowedPattern("[0-9")))).isEqualTo("InvalidAllowedPatternException");
        AwsServiceException mismatch = error(() -> ssm.putParameter(b -> b.name("/p/digits").value("abc-secret")
                .type(ParameterType.STRING).allowedPattern("^\\d+$")));
        assertThat(mismatch.awsErrorDetails().errorCode()).isEqualTo("ParameterPatternMismatchException");
        assertThat(mismatch.awsErrorDetails().errorMessage()).doesNotContain("abc-secret");
        ssm.putParameter(b -> b.name("/p/digits").value("123").type(ParameterType.STRING).allowedPattern("^\\d+$"));
        // The pattern stays with the parameter; without Overwrite, the parameter's existence is the answer.
        assertThat(code(() -> ssm.putParameter(b -> b.name("/p/digits").value("x").overwrite(true))))
                .isEqualTo("ParameterPatternMismatchException");
        assertThat(code(() -> ssm.putParameter(b -> b.name("/p/digits").value("x"))))
                .isEqualTo("ParameterAlreadyExists");
        assertThat(ssm.putParameter(b -> b.name("/p/digits").value("456").overwrite(true)).version()).isEqualTo(2);

        // A pattern that backtracks exponentially is stopped, and the value refused, within a fraction of a second
        // (unguarded, this match runs for hours: Java memoizes (a+)+ but not a repeated .*).
        long started = System.nanoTime();
        assertThat(code(() -> ssm.putParameter(b -> b.name("/p/redos").value("a".repeat(4000) + "!")
                .type(ParameterType.STRING).allowedPattern("(.*a){20}")))).isEqualTo("ParameterPatternMismatchException");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));

        assertThat(ssm.putParameter(b -> b.name("/p/ami").value("ami-12345678").type(ParameterType.STRING)
                .dataType("aws:ec2:image")).version()).isEqualTo(1);
        assertThat(ssm.getParameter(b -> b.name("/p/ami")).parameter().dataType()).isEqualTo("aws:ec2:image");
        assertThat(code(() -> ssm.putParameter(b -> b.name("/p/dt").value("x").type(ParameterType.STRING)
                .dataType("Text")))).isEqualTo("ValidationException");

        AwsServiceException tagsAndOverwrite = error(() -> ssm.putParameter(b -> b.name("/p/tagged").value("x")
                .type(ParameterType.STRING).overwrite(true).tags(Tag.builder().key("k").value("v").build())));
        assertThat(tagsAndOverwrite.awsErrorDetails().errorMessage()).startsWith("Invalid request: tags and "
                + "overwrite can't be used together.");
        assertThat(code(() -> ssm.putParameter(b -> b.name("/p/untyped").value("x"))))
                .isEqualTo("ValidationException");

        String deep = "/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p";
        assertThat(code(() -> ssm.putParameter(b -> b.name(deep).value("x").type(ParameterType.STRING))))
                .isEqualTo("HierarchyLevelLimitExceededException");
        assertThat(ssm.putParameter(b -> b.name("/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o").value("x")
                .type(ParameterType.STRING)).version()).isEqualTo(1);
        for (String bad : List.of("has space", "no/leading", "/double//slash", "/trailing/", "x".repeat(2049))) {
            assertThat(code(() -> ssm.putParameter(b -> b.name(bad).value("x").type(ParameterType.STRING))))
                    .as(bad).isEqualTo("ValidationException");
        }
        // Spaces around a name are removed, as AWS documents; the parameter is the trimmed name's.
        assertThat(ssm.putParameter(b -> b.name("  /p/trimmed ").value("x").type(ParameterType.STRING)).version())
                .isEqualTo(1);
        assertThat(ssm.getParameter(b -> b.name("/p/trimmed")).parameter().name()).isEqualTo("/p/trimmed");
        for (String reserved : List.of("aws-thing", "/ssm/thing", "SSMthing")) {
            assertThat(code(() -> ssm.putParameter(b -> b.name(reserved).value("x").type(ParameterType.STRING))))
                    .as(reserved).isEqualTo("ValidationException");
        }
    }

    @Test
    void getParametersAnswersTheMissingNamesAsInvalid() {
        ssm.putParameter(b -> b.name("/multi/a").value("A").type(ParameterType.STRING));
        ssm.putParameter(b -> b.name("/multi/a").value("A2").overwrite(true));
        var answer = ssm.getParameters(b -> b.names("/multi/a", "/multi/missing", "/multi/a:1", "/multi/a:9"));
        assertThat(answer.parameters()).extracting(Parameter::value).containsExactly("A2", "A");
        assertThat(answer.invalidParameters()).containsExactly("/multi/missing", "/multi/a:9");
        AwsServiceException version = error(() -> ssm.getParameter(b -> b.name("/multi/a:9")));
        assertThat(version.awsErrorDetails().errorCode()).isEqualTo("ParameterVersionNotFound");
        assertThat(version.awsErrorDetails().errorMessage()).isEqualTo("Systems Manager could not find version 9 of "
                + "/multi/a. Verify the version and try again.");
        assertThat(code(() -> ssm.getParameters(b -> b.names("1", "2", "3", "4", "5", "6", "7", "8", "9", "10",
                "11")))).isEqualTo("ValidationException");
    }

    @Test
    void labelsMoveBetweenVersionsAndSelectThem() {
        for (int i = 1; i <= 3; i++) {
            int n = i;
            ssm.putParameter(b -> b.name("/lab/p").value("v" + n).type(ParameterType.STRING).overwrite(n > 1));
        }
        var labelled = ssm.labelParameterVersion(b -> b.name("/lab/p").parameterVersion(1L)
                .labels("prod", "stable", "9bad", "awsx", "with/slash"));
        assertThat(labelled.parameterVersion()).isEqualTo(1);
        assertThat(labelled.invalidLabels()).containsExactly("9bad", "awsx", "with/slash");
        Parameter prod = ssm.getParameter(b -> b.name("/lab/p:prod")).parameter();
        assertThat(prod.value()).isEqualTo("v1");
        assertThat(prod.selector()).isEqualTo(":prod");
        // Without a version, the latest; a label moves.
        assertThat(ssm.labelParameterVersion(b -> b.name("/lab/p").labels("prod")).parameterVersion()).isEqualTo(3);
        assertThat(ssm.getParameter(b -> b.name("/lab/p:prod")).parameter().value()).isEqualTo("v3");
        List<ParameterHistory> history = ssm.getParameterHistory(b -> b.name("/lab/p")).parameters();
        assertThat(history).extracting(ParameterHistory::version).containsExactly(1L, 2L, 3L);
        assertThat(history.get(0).labels()).containsExactly("stable");
        assertThat(history.get(2).labels()).containsExactly("prod");
        assertThat(code(() -> ssm.getParameter(b -> b.name("/lab/p:nolabel")))).isEqualTo("ParameterVersionNotFound");

        AwsServiceException limit = error(() -> ssm.labelParameterVersion(b -> b.name("/lab/p").parameterVersion(2L)
                .labels("l1", "l2", "l3", "l4", "l5", "l6", "l7", "l8", "l9", "l10", "l11")));
        assertThat(limit.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
        ssm.labelParameterVersion(b -> b.name("/lab/p").parameterVersion(2L)
                .labels("l1", "l2", "l3", "l4", "l5", "l6", "l7", "l8", "l9"));
        AwsServiceException eleven = error(() -> ssm.labelParameterVersion(b -> b.name("/lab/p").parameterVersion(2L)
                .labels("l10", "l11")));
        assertThat(eleven.awsErrorDetails().errorCode()).isEqualTo("ParameterVersionLabelLimitExceeded");
        assertThat(code(() -> ssm.labelParameterVersion(b -> b.name("/lab/p").parameterVersion(7L).labels("x"))))
                .isEqualTo("ParameterVersionNotFound");
        assertThat(code(() -> ssm.labelParameterVersion(b -> b.name("/lab/none").labels("x"))))
                .isEqualTo("ParameterNotFound");

        var unlabelled = ssm.unlabelParameterVersion(b -> b.name("/lab/p").parameterVersion(3L)
                .labels("prod", "stable"));
        assertThat(unlabelled.removedLabels()).containsExactly("prod");
        assertThat(unlabelled.invalidLabels()).containsExactly("stable");
        assertThat(code(() -> ssm.getParameter(b -> b.name("/lab/p:prod")))).isEqualTo("ParameterVersionNotFound");
        assertThat(code(() -> ssm.unlabelParameterVersion(b -> b.name("/lab/p").parameterVersion(8L)
                .labels("x")))).isEqualTo("ParameterVersionNotFound");
        assertThat(code(() -> ssm.getParameterHistory(b -> b.name("/lab/none")))).isEqualTo("ParameterNotFound");
    }

    @Test
    void parametersAreFoundByPathOneLevelOrRecursivelyAPageAtATime() {
        for (String name : List.of("/tree/a", "/tree/b", "/tree/sub/c", "/tree/sub/deeper/d", "/treehouse/x")) {
            ssm.putParameter(b -> b.name(name).value(name).type(ParameterType.STRING));
        }
        ssm.putParameter(b -> b.name("/tree/list").value("1,2").type(ParameterType.STRING_LIST));
        assertThat(ssm.getParametersByPath(b -> b.path("/tree")).parameters()).extracting(Parameter::name)
                .containsExactly("/tree/a", "/tree/b", "/tree/list");
        assertThat(ssm.getParametersByPath(b -> b.path("/tree/").recursive(true)).parameters())
                .extracting(Parameter::name)
                .containsExactly("/tree/a", "/tree/b", "/tree/list", "/tree/sub/c", "/tree/sub/deeper/d");
        assertThat(ssm.getParametersByPath(b -> b.path("/tree").recursive(true).parameterFilters(
                ParameterStringFilter.builder().key("Type").values("StringList").build())).parameters())
                .extracting(Parameter::name).containsExactly("/tree/list");

        List<String> paged = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            String t = token;
            GetParametersByPathResponse page = ssm.getParametersByPath(b -> b.path("/tree").recursive(true)
                    .maxResults(2).nextToken(t));
            assertThat(page.parameters()).hasSizeLessThanOrEqualTo(2);
            page.parameters().forEach(p -> paged.add(p.name()));
            token = page.nextToken();
            pages++;
        } while (token != null);
        assertThat(pages).isEqualTo(3);
        assertThat(paged).containsExactly("/tree/a", "/tree/b", "/tree/list", "/tree/sub/c", "/tree/sub/deeper/d");
        assertThat(code(() -> ssm.getParametersByPath(b -> b.path("/tree").maxResults(11))))
                .isEqualTo("ValidationException");
        assertThat(code(() -> ssm.getParametersByPath(b -> b.path("/tree").nextToken("garbage!"))))
                .isEqualTo("InvalidNextToken");
        assertThat(code(() -> ssm.getParametersByPath(b -> b.path("tree")))).isEqualTo("ValidationException");
    }

    @Test
    void describeParametersFiltersByNameTypeAndPath() {
        ssm.putParameter(b -> b.name("/desc/one").value("1").type(ParameterType.STRING));
        ssm.putParameter(b -> b.name("/desc/two").value("2").type(ParameterType.SECURE_STRING));
        ssm.putParameter(b -> b.name("/desc/sub/three").value("3").type(ParameterType.STRING));
        assertThat(names(ParameterStringFilter.builder().key("Path").values("/desc").build()))
                .containsExactly("/desc/one", "/desc/two");
        assertThat(names(ParameterStringFilter.builder().key("Path").option("Recursive").values("/desc").build()))
                .containsExactly("/desc/one", "/desc/sub/three", "/desc/two");
        assertThat(names(ParameterStringFilter.builder().key("Path").option("Recursive").values("/desc").build(),
                ParameterStringFilter.builder().key("Type").values("SecureString").build()))
                .containsExactly("/desc/two");
        assertThat(names(ParameterStringFilter.builder().key("Name").option("BeginsWith").values("/desc/t").build()))
                .containsExactly("/desc/two");
        assertThat(names(ParameterStringFilter.builder().key("Name").values("desc/one").build()))
                .containsExactly("/desc/one");

        AwsServiceException option = error(() -> ssm.describeParameters(b -> b.parameterFilters(
                ParameterStringFilter.builder().key("Path").option("Equals").values("/desc").build())));
        assertThat(option.awsErrorDetails().errorCode()).isEqualTo("InvalidFilterOption");
        assertThat(option.awsErrorDetails().errorMessage()).isEqualTo("The following filter option is not valid: "
                + "Equals. Valid options include: [Recursive, OneLevel].");
        assertThat(code(() -> ssm.describeParameters(b -> b.parameterFilters(ParameterStringFilter.builder()
                .key("Type").values("Number").build())))).isEqualTo("InvalidFilterValue");
        assertThat(code(() -> ssm.describeParameters(b -> b.parameterFilters(ParameterStringFilter.builder()
                .key("Label").values("x").build())))).isEqualTo("InvalidFilterKey");

        List<String> all = new ArrayList<>();
        ssm.describeParametersPaginator(b -> b.maxResults(1).parameterFilters(ParameterStringFilter.builder()
                .key("Path").option("Recursive").values("/desc").build()))
                .forEach(page -> page.parameters().forEach(p -> all.add(p.name())));
        assertThat(all).containsExactly("/desc/one", "/desc/sub/three", "/desc/two");
    }

    private static ParameterStringFilter filter(String key, String option, String... values) {
        ParameterStringFilter.Builder b = ParameterStringFilter.builder().key(key).option(option);
        return (values.length == 0 ? b : b.values(values)).build();
    }

    @Test
    void describeParametersTakesEveryFilterKeyAndOptionAwsDocuments() {
        ssm.putParameter(b -> b.name("/every/app/db-url").value("u").type(ParameterType.STRING)
                .tags(Tag.builder().key("env").value("prod").build()));
        ssm.putParameter(b -> b.name("/every/app/db-pass").value("p").type(ParameterType.SECURE_STRING)
                .keyId("alias/every-key").tags(Tag.builder().key("env").value("dev").build()));
        ssm.putParameter(b -> b.name("/every/app/ami").value("ami-12345678").type(ParameterType.STRING)
                .dataType("aws:ec2:image").tags(Tag.builder().key("team").value("core").build()));
        ssm.putParameter(b -> b.name("/every/big").value("x".repeat(5000)).type(ParameterType.STRING_LIST)
                .tier(ParameterTier.ADVANCED));
        ssm.putParameter(b -> b.name("everyplain").value("v").type(ParameterType.STRING));
        ParameterStringFilter every = filter("Path", "Recursive", "/every");

        // Name: Equals (the default), BeginsWith and Contains, all on the name with its leading slash.
        assertThat(names(filter("Name", "Contains", "db-"))).containsExactly("/every/app/db-pass", "/every/app/db-url");
        assertThat(names(filter("Name", "Contains", "/everyp"))).containsExactly("everyplain");
        assertThat(names(filter("Name", "Contains", "very", "nothing-like-it")))
                .containsExactly("/every/app/ami", "/every/app/db-pass", "/every/app/db-url", "/every/big", "everyplain");
        assertThat(names(filter("Name", "Contains", "DB-"))).as("case-sensitive, as names are").isEmpty();
        assertThat(names(filter("Name", "BeginsWith", "every"))).containsExactly("/every/app/ami",
                "/every/app/db-pass", "/every/app/db-url", "/every/big", "everyplain");
        assertThat(names(filter("Name", null, "/everyplain"))).containsExactly("everyplain");
        assertThat(names(filter("Name", "Equals", "/every/app"))).isEmpty();

        // Path: OneLevel (the default) and Recursive; "/" one level holds the names without a slash.
        assertThat(names(filter("Path", null, "/every"))).containsExactly("/every/big");
        assertThat(names(filter("Path", "OneLevel", "/every/app/"))).containsExactly("/every/app/ami",
                "/every/app/db-pass", "/every/app/db-url");
        assertThat(names(filter("Path", "OneLevel", "/"), filter("Name", "BeginsWith", "every")))
                .containsExactly("everyplain");

        // Type, KeyId, Tier and DataType with Equals and BeginsWith, each ANDed with the others.
        assertThat(names(every, filter("Type", "Equals", "SecureString"))).containsExactly("/every/app/db-pass");
        assertThat(names(every, filter("Type", "BeginsWith", "String"))).containsExactly("/every/app/ami",
                "/every/app/db-url", "/every/big");
        assertThat(names(every, filter("Type", null, "StringList", "SecureString")))
                .containsExactly("/every/app/db-pass", "/every/big");
        assertThat(names(every, filter("KeyId", "Equals", "alias/every-key"))).containsExactly("/every/app/db-pass");
        assertThat(names(filter("KeyId", "BeginsWith", "alias/every-"))).containsExactly("/every/app/db-pass");
        assertThat(names(every, filter("Tier", null, "Advanced"))).containsExactly("/every/big");
        assertThat(names(every, filter("Tier", "Equals", "Standard", "Intelligent-Tiering"))).containsExactly("/every/app/ami",
                "/every/app/db-pass", "/every/app/db-url");
        assertThat(names(every, filter("DataType", "Equals", "aws:ec2:image"))).containsExactly("/every/app/ami");
        assertThat(names(every, filter("DataType", "BeginsWith", "te"))).containsExactly("/every/app/db-pass",
                "/every/app/db-url", "/every/big");

        // tag:<key>: by value (Equals, BeginsWith), or with no values the tag's presence.
        assertThat(names(every, filter("tag:env", "Equals", "prod"))).containsExactly("/every/app/db-url");
        assertThat(names(every, filter("tag:env", "BeginsWith", "d", "p"))).containsExactly("/every/app/db-pass",
                "/every/app/db-url");
        assertThat(names(every, filter("tag:team", null))).containsExactly("/every/app/ami");
        assertThat(names(every, filter("tag:env", null), filter("Type", null, "String"), filter("Name", "Contains",
                "url"))).containsExactly("/every/app/db-url");

        // The deprecated Filters: Name, Type and KeyId, with their values matched exactly.
        assertThat(ssm.describeParameters(b -> b.filters(ParametersFilter.builder().key(ParametersFilterKey.KEY_ID)
                .values("alias/every-key").build())).parameters()).extracting(ParameterMetadata::name)
                .containsExactly("/every/app/db-pass");
    }

    @Test
    void parameterFiltersAreRefusedInAwsWords() {
        assertRefused(List.of(filter("Label", null, "prod")), "InvalidFilterKey", "The following filter key is not "
                + "valid: Label. Valid filter keys include: [Path, Name, Type, KeyId, Tier, DataType].");
        assertRefused(List.of(filter("Colour", null, "red")), "ValidationException", "1 validation error detected: "
                + "Value 'Colour' at 'parameterFilters.1.member.key' failed to satisfy constraint: Member must "
                + "satisfy regular expression pattern: tag:.+|Name|Type|KeyId|Path|Label|Tier|DataType");
        assertRefused(List.of(filter("Name", null, "a"), filter("tag:", null, "b")), "ValidationException",
                "1 validation error detected: Value 'tag:' at 'parameterFilters.2.member.key' failed to satisfy "
                        + "constraint: Member must satisfy regular expression pattern: "
                        + "tag:.+|Name|Type|KeyId|Path|Label|Tier|DataType");
        assertRefused(List.of(filter("Name", "Like", "a")), "InvalidFilterOption", "The following filter option is "
                + "not valid: Like. Valid options include: [BeginsWith, Equals, Contains].");
        for (String key : List.of("Type", "KeyId", "Tier", "DataType", "tag:env")) {
            String value = key.equals("Type") ? "String" : key.equals("Tier") ? "Standard" : "x";
            assertRefused(List.of(filter(key, "Contains", value)), "InvalidFilterOption", "The following filter "
                    + "option is not valid: Contains. Valid options include: [BeginsWith, Equals].");
        }
        assertRefused(List.of(filter("Path", "Equals", "/desc")), "InvalidFilterOption", "The following filter "
                + "option is not valid: Equals. Valid options include: [Recursive, OneLevel].");
        assertRefused(List.of(filter("Type", null, "Number")), "InvalidFilterValue", "The following filter value is "
                + "not valid: Number. Valid values include: [String, StringList, SecureString].");
        assertRefused(List.of(filter("Tier", null, "Standard", "Premium")), "InvalidFilterValue", "The following "
                + "filter value is not valid: Premium. Valid values include: [Standard, Advanced, "
                + "Intelligent-Tiering].");
        assertRefused(List.of(filter("Name", "Contains")), "InvalidFilterValue", "The following filter values are "
                + "missing : null for filter key Name.");
        assertRefused(List.of(filter("Type", null, "String"), filter("Type", null, "SecureString")),
                "InvalidFilterKey", "The following filter is duplicated in the request: Type. A request can "
                        + "contain only one occurrence of a specific filter.");
        assertRefused(List.of(filter("Path", "Recursive", "/app", "/AWS/service")), "ValidationException",
                "Filters for common parameters can't be prefixed with \"aws\" or \"ssm\" (case-insensitive). "
                        + "When using global parameters, please specify within a global namespace.");
        assertThat(error(() -> ssm.describeParameters(b -> b.parameterFilters(filter("Path", null, "relative/path"))))
                .awsErrorDetails().errorMessage()).startsWith("The parameter doesn't meet the parameter name "
                + "requirements. The parameter name must begin with a forward slash \"/\".");
        assertRefused(List.of(filter("Name", "BeginsWithX", "a")), "ValidationException", "1 validation error "
                + "detected: Value 'BeginsWithX' at 'parameterFilters.1.member.option' failed to satisfy constraint: "
                + "Member must have length less than or equal to 10");
        String[] many = new String[51];
        java.util.Arrays.fill(many, "v");
        assertThat(error(() -> ssm.describeParameters(b -> b.parameterFilters(filter("Name", null, many))))
                .awsErrorDetails().errorMessage()).endsWith("at 'parameterFilters.1.member.values' failed to satisfy "
                + "constraint: Member must have length less than or equal to 50");
        assertThat(error(() -> ssm.describeParameters(b -> b.parameterFilters(filter("Name", null, "x".repeat(1025)))))
                .awsErrorDetails().errorMessage()).endsWith("at 'parameterFilters.1.member.values' failed to satisfy "
                + "constraint: Member must satisfy constraint: [Member must have length less than or equal to 1024, "
                + "Member must have length greater than or equal to 1]");
        AwsServiceException both = error(() -> ssm.describeParameters(b -> b
                .filters(ParametersFilter.builder().key(ParametersFilterKey.NAME).values("a").build())
                .parameterFilters(filter("Name", null, "a"))));
        assertThat(both.awsErrorDetails().errorMessage()).isEqualTo("You can use either Filters or ParameterFilters "
                + "in a single request.");
        assertThat(error(() -> ssm.describeParameters(b -> b.filters(ParametersFilter.builder().key("Path")
                .values("/a").build()))).awsErrorDetails().errorMessage()).isEqualTo("1 validation error detected: "
                + "Value 'Path' at 'filters.1.member.key' failed to satisfy constraint: Member must satisfy enum "
                + "value set: [Name, Type, KeyId]");
    }

    @Test
    void aFilterWithoutKeyOrWithNullValuesIsRefusedBeforeItIsRead() {
        RawAwsJson raw = new RawAwsJson(server.endpoint(), "ssm");
        RawAwsJson.Response noKey = raw.call("AmazonSSM.DescribeParameters",
                "{\"ParameterFilters\":[{\"Key\":\"Name\",\"Values\":[\"a\"]},{\"Values\":[\"a\"]}]}");
        assertThat(noKey.status()).isEqualTo(400);
        assertThat(noKey.body()).isEqualTo("{\"__type\":\"ValidationException\",\"message\":\"1 validation error "
                + "detected: Value null at 'parameterFilters.2.member.key' failed to satisfy constraint: Member must "
                + "not be null\"}");
        for (String body : List.of("{\"ParameterFilters\":[null]}",
                "{\"ParameterFilters\":[{\"Key\":\"Type\",\"Values\":[null]}]}",
                "{\"Filters\":[{\"Key\":\"Name\",\"Values\":[\"a\",null]}]}")) {
            RawAwsJson.Response r = raw.call("AmazonSSM.DescribeParameters", body);
            assertThat(r.status()).as(body).isEqualTo(400);
            assertThat(r.body()).as(body).contains("\"__type\":\"SerializationException\"");
        }
    }

    private static void assertRefused(List<ParameterStringFilter> filters, String code, String message) {
        AwsServiceException e = error(() -> ssm.describeParameters(b -> b.parameterFilters(filters)));
        assertThat(e.awsErrorDetails().errorCode()).as(filters.toString()).isEqualTo(code);
        assertThat(e.awsErrorDetails().errorMessage()).as(filters.toString()).isEqualTo(message);
        assertThat(e.statusCode()).isEqualTo(400);
    }

    @Test
    void getParametersByPathTakesTypeKeyIdAndLabelFiltersOnly() {
        ssm.putParameter(b -> b.name("/bypath/a").value("a1").type(ParameterType.STRING));
        ssm.putParameter(b -> b.name("/bypath/a").value("a2").overwrite(true));
        ssm.putParameter(b -> b.name("/bypath/b").value("b").type(ParameterType.SECURE_STRING).keyId("alias/bp"));
        ssm.labelParameterVersion(b -> b.name("/bypath/a").parameterVersion(1L).labels("golden"));
        assertThat(ssm.getParametersByPath(b -> b.path("/bypath").parameterFilters(filter("Label", "Equals",
                "golden", "other"))).parameters()).extracting(Parameter::name).containsExactly("/bypath/a");
        assertThat(ssm.getParametersByPath(b -> b.path("/bypath").parameterFilters(filter("KeyId", "BeginsWith",
                "alias/b"), filter("Type", null, "SecureString"))).parameters()).extracting(Parameter::name)
                .containsExactly("/bypath/b");

        for (String key : List.of("Name", "Path", "Tier", "DataType", "tag:env")) {
            AwsServiceException e = error(() -> ssm.getParametersByPath(b -> b.path("/bypath")
                    .parameterFilters(filter(key, null, "x"))));
            assertThat(e.awsErrorDetails().errorCode()).as(key).isEqualTo("InvalidFilterKey");
            assertThat(e.awsErrorDetails().errorMessage()).as(key).isEqualTo("The following filter key is not "
                    + "valid: " + key + ". Valid filter keys include: [Type, KeyId, Label].");
        }
        AwsServiceException label = error(() -> ssm.getParametersByPath(b -> b.path("/bypath")
                .parameterFilters(filter("Label", "BeginsWith", "gold"))));
        assertThat(label.awsErrorDetails().errorCode()).isEqualTo("InvalidFilterOption");
        assertThat(label.awsErrorDetails().errorMessage()).isEqualTo("The following filter option is not valid: "
                + "BeginsWith. Valid options include: [Equals].");
        assertThat(code(() -> ssm.getParametersByPath(b -> b.path("/bypath")
                .parameterFilters(filter("Type", "Contains", "String"))))).isEqualTo("InvalidFilterOption");
    }

    private static List<String> names(ParameterStringFilter... filters) {
        return ssm.describeParameters(b -> b.parameterFilters(filters)).parameters().stream()
                .map(ParameterMetadata::name).toList();
    }

    @Test
    void deleteParametersReportsWhatWasNotThere() {
        ssm.putParameter(b -> b.name("/del/a").value("a").type(ParameterType.STRING));
        ssm.putParameter(b -> b.name("/del/b").value("b").type(ParameterType.STRING));
        var deleted = ssm.deleteParameters(b -> b.names("/del/a", "/del/b", "/del/c"));
        assertThat(deleted.deletedParameters()).containsExactly("/del/a", "/del/b");
        assertThat(deleted.invalidParameters()).containsExactly("/del/c");
        assertThat(ssm.getParametersByPath(b -> b.path("/del")).parameters()).isEmpty();
        // A name deleted and put again starts at version 1.
        assertThat(ssm.putParameter(b -> b.name("/del/a").value("a").type(ParameterType.STRING)).version())
                .isEqualTo(1);
    }

    @Test
    void parametersAreTaggedAtCreationAndLater() {
        ssm.putParameter(b -> b.name("/tags/p").value("x").type(ParameterType.STRING)
                .tags(Tag.builder().key("env").value("dev").build()));
        assertThat(ssm.listTagsForResource(b -> b.resourceType(ResourceTypeForTagging.PARAMETER)
                .resourceId("/tags/p")).tagList()).containsExactly(Tag.builder().key("env").value("dev").build());
        ssm.addTagsToResource(b -> b.resourceType(ResourceTypeForTagging.PARAMETER).resourceId("/tags/p")
                .tags(Tag.builder().key("team").value("core").build(), Tag.builder().key("env").value("prod").build()));
        assertThat(ssm.listTagsForResource(b -> b.resourceType(ResourceTypeForTagging.PARAMETER)
                .resourceId("/tags/p")).tagList()).extracting(Tag::key, Tag::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("env", "prod"),
                        org.assertj.core.groups.Tuple.tuple("team", "core"));
        ssm.removeTagsFromResource(b -> b.resourceType(ResourceTypeForTagging.PARAMETER).resourceId("/tags/p")
                .tagKeys("env"));
        assertThat(ssm.listTagsForResource(b -> b.resourceType(ResourceTypeForTagging.PARAMETER)
                .resourceId("/tags/p")).tagList()).extracting(Tag::key).containsExactly("team");
        assertThat(code(() -> ssm.listTagsForResource(b -> b.resourceType(ResourceTypeForTagging.PARAMETER)
                .resourceId("/tags/none")))).isEqualTo("InvalidResourceId");
        assertThat(code(() -> ssm.listTagsForResource(b -> b.resourceType(ResourceTypeForTagging.DOCUMENT)
                .resourceId("/tags/p")))).isEqualTo("InvalidResourceType");
        List<Tag> many = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            many.add(Tag.builder().key("k" + i).value("v").build());
        }
        assertThat(code(() -> ssm.addTagsToResource(b -> b.resourceType(ResourceTypeForTagging.PARAMETER)
                .resourceId("/tags/p").tags(many)))).isEqualTo("TooManyTagsError");
    }

    @Test
    void anIamUserWithoutGetParameterIsRefused() {
        ssm.putParameter(b -> b.name("/iam/guarded").value("x").type(ParameterType.STRING));
        try (IamClient iam = server.client(IamClient.builder())) {
            iam.createUser(b -> b.userName("ssm-describer"));
            iam.putUserPolicy(b -> b.userName("ssm-describer").policyName("describe").policyDocument("""
                    {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ssm:DescribeParameters",
                     "Resource":"*"}]}"""));
            var key = iam.createAccessKey(b -> b.userName("ssm-describer")).accessKey();
            try (SsmClient user = server.client(SsmClient.builder(), "us-east-1", key.accessKeyId(),
                    key.secretAccessKey())) {
                assertThat(user.describeParameters().parameters()).isNotEmpty();
                AwsServiceException denied = error(() -> user.getParameter(b -> b.name("/iam/guarded")));
                assertThat(denied.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
                assertThat(denied.awsErrorDetails().errorMessage()).isEqualTo("User: arn:aws:iam::000000000000:"
                        + "user/ssm-describer is not authorized to perform: ssm:GetParameter on resource: "
                        + "arn:aws:ssm:us-east-1:000000000000:parameter/iam/guarded because no identity-based "
                        + "policy allows the ssm:GetParameter action");
            }
        }
    }
    @Test
    void policiesCanNameAParametersTagsAndTheOverwriteFlag() {
        ssm.putParameter(b -> b.name("/cond/dev").value("d").type(ParameterType.STRING)
                .tags(Tag.builder().key("env").value("dev").build()));
        ssm.putParameter(b -> b.name("/cond/prod").value("p").type(ParameterType.STRING)
                .tags(Tag.builder().key("env").value("prod").build()));
        try (IamClient iam = server.client(IamClient.builder())) {
            iam.createUser(b -> b.userName("ssm-dev"));
            iam.putUserPolicy(b -> b.userName("ssm-dev").policyName("dev-only").policyDocument("""
                    {"Version":"2012-10-17","Statement":[
                     {"Effect":"Allow","Action":["ssm:GetParameter","ssm:PutParameter"],"Resource":"*",
                      "Condition":{"StringEquals":{"aws:ResourceTag/env":"dev"}}},
                     {"Effect":"Deny","Action":"ssm:PutParameter","Resource":"*",
                      "Condition":{"Bool":{"ssm:Overwrite":"false"}}},
                     {"Effect":"Deny","Action":"ssm:PutParameter","Resource":"*",
                      "Condition":{"Null":{"ssm:Policies":"false"}}}]}"""));
            var key = iam.createAccessKey(b -> b.userName("ssm-dev")).accessKey();
            try (SsmClient user = server.client(SsmClient.builder(), "us-east-1", key.accessKeyId(),
                    key.secretAccessKey())) {
                assertThat(user.getParameter(b -> b.name("/cond/dev")).parameter().value()).isEqualTo("d");
                assertThat(code(() -> user.getParameter(b -> b.name("/cond/prod")))).isEqualTo("AccessDeniedException");
                assertThat(user.putParameter(b -> b.name("/cond/dev").value("d2").overwrite(true)).version())
                        .isEqualTo(2);
                assertThat(code(() -> user.putParameter(b -> b.name("/cond/dev").value("d3"))))
                        .isEqualTo("AccessDeniedException");
                // ssm:Policies is there only when the request sets parameter policies.
                assertThat(code(() -> user.putParameter(b -> b.name("/cond/dev").value("d3").overwrite(true)
                        .tier("Advanced").policies("[{\"Type\":\"Expiration\",\"Version\":\"1.0\","
                                + "\"Attributes\":{\"Timestamp\":\"2030-12-02T21:34:33.000Z\"}}]"))))
                        .isEqualTo("AccessDeniedException");
                assertThat(code(() -> user.putParameter(b -> b.name("/cond/prod").value("p2").overwrite(true))))
                        .isEqualTo("AccessDeniedException");
            }
        }
        assertThat(ssm.getParameter(b -> b.name("/cond/prod")).parameter().value()).isEqualTo("p");
    }
}
