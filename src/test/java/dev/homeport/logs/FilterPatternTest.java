package dev.homeport.logs;

import dev.homeport.protocol.AwsServiceException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * FilterPattern against the examples of AWS's "Filter pattern syntax for metric filters, subscription
 * filters, filter log events, and Live Tail" page (and the older "Filter and Pattern Syntax" page),
 * with the matches those pages state.
 */
class FilterPatternTest {
    /** The JSON event of the page's string examples, on one line as the page asks. */
    static final String TRAIL = "{\"eventType\": \"UpdateTrail\", \"sourceIPAddress\": \"111.111.111.111\", "
            + "\"arrayKey\": [\"value\", \"another value\"], \"objectList\": [{\"name\": \"a\", \"id\": 1}, "
            + "{\"name\": \"b\", \"id\": 2}], \"SomeObject\": null, \"cluster.name\": \"c\", \"ThisFlag\": true}";
    /** The JSON object of the page's compound examples. */
    static final String USERS = "{\"user\": {\"id\": 1, \"email\": \"John.Stiles@example.com\"}, \"users\": "
            + "[{\"id\": 2, \"email\": \"John.Doe@example.com\"}, {\"id\": 3, \"email\": \"Jane.Doe@example.com\"}], "
            + "\"actions\": [\"GET\", \"PUT\", \"DELETE\"], \"coordinates\": [[0, 1, 2], [4, 5, 6], [7, 8, 9]]}";
    static final String APACHE = "127.0.0.1 Prod frank [10/Oct/2000:13:25:15 -0700] \"GET /index.html HTTP/1.0\" 404 1534";
    static final String INFO = "INFO 09/25/2014 12:00:00 GET /service/resource/67 1200";
    static final String INFO_PART = "INFO 09/25/2014 12:00:01 POST /service/resource/67/part/111 1310";
    static final String WARNING = "WARNING 09/25/2014 12:00:02 Invalid user request";
    static final String ERROR = "ERROR 09/25/2014 12:00:02 Failed to process request";

    static Stream<Arguments> examples() {
        return Stream.of(
                // ---- unstructured terms
                arguments("ERROR", "[ERROR 400] BAD REQUEST", true),
                arguments("ERROR", "Exiting with ERRORCODE: -1", true),
                arguments("ERROR", "error lowercase", false),
                arguments("ERROR ARGUMENTS", "[ERROR 419] MISSING ARGUMENTS", true),
                arguments("ERROR ARGUMENTS", "[ERROR 400] BAD REQUEST", false),
                arguments("?ERROR ?ARGUMENTS", "[ERROR 401] UNAUTHORIZED REQUEST", true),
                arguments("?ERROR ?ARGUMENTS", "[WARN 419] MISSING ARGUMENTS", true),
                arguments("?ERROR ?ARGUMENTS", "[INFO] OK", false),
                // "If you combine "?" with other filter patterns, all question mark terms will be ignored."
                arguments("?ERROR ?ARGUMENTS REQUEST", "[INFO] REQUEST FAILED", true),
                arguments("?ERROR ?ARGUMENTS REQUEST", "[WARN] UNAUTHORIZED REQUEST", true),
                arguments("?ERROR ?ARGUMENTS REQUEST", "[ERROR] MISSING ARGUMENTS", false),
                arguments("\"INTERNAL SERVER ERROR\"", "[ERROR 500] INTERNAL SERVER ERROR", true),
                arguments("\"INTERNAL SERVER ERROR\"", "[ERROR 500] INTERNAL ERROR ON SERVER", false),
                arguments("ERROR -ARGUMENTS", "[ERROR 400] BAD REQUEST", true),
                arguments("ERROR -ARGUMENTS", "[ERROR 420] INVALID ARGUMENTS", false),
                arguments("\"ERROR\" - \"Exiting\"", "Exiting with ERRORCODE: -1", false),
                arguments("\"ERROR\" - \"Exiting\"", "[ERROR] A fatal exception has occurred", true),
                arguments("\" \"", "nospace", true),
                arguments("\"\"", "anything", true),
                arguments("-\"[ERROR]\"", "[INFO] fine", true),
                // ---- regex
                arguments("%AUTHORIZED%", "[ERROR 401] UNAUTHORIZED REQUEST", true),
                arguments("%AUTHORIZED%", "[SUCCESS 200] AUTHORIZED REQUEST", true),
                arguments("%AUTHORIZED%", "[SUCCESS 200] OK", false),
                arguments("%^[hc]at%", "hat trick", true),
                arguments("%^[hc]at%", "a hat", false),
                arguments("%[hc]at$%", "the cat", true),
                arguments("%colou?r%", "colour", true),
                arguments("%[abcx-z]%", "y", true),
                arguments("%a{3,5}%", "baaab", true),
                arguments("%^a{3,5}$%", "aa", false),
                arguments("%^a{,2}$%", "aa", true),
                arguments("%^a{2,}$%", "aaaa", true),
                arguments("%gra|ey%", "grey", true),
                arguments("%^starting|^initializing|^shutting down%", "shutting down now", true),
                arguments("%^starting|^initializing|^shutting down%", "skipping initializing ...", false),
                arguments("%abcc|ab[^c]$%", "aba", true),
                arguments("%abcc|ab[^c]$%", "aac", false),
                arguments("%\\[.\\]%", "value [7] here", true),
                arguments("%\\[.\\]%", "value [77] here", false),
                arguments("%10\\.10\\.0\\.1%", "from 10.10.0.1", true),
                arguments("%10\\.10\\.0\\.1%", "from 10010,051", false),
                arguments("%10.10.0.1%", "from 10010,051", true),
                arguments("%ab*c%", "ac", true),
                arguments("%ab[0-9]*%", "ab129", true),
                arguments("%ab+c%", "ac", false),
                arguments("%.at%", "#at", true),
                arguments("%\\d%", "port 80", true),
                arguments("%\\D%", "8080", false),
                arguments("%\\s%", "a\tb", true),
                arguments("%\\S%", "   ", false),
                arguments("%\\w%", "_", true),
                arguments("%\\W%", "abc_1", false),
                arguments("%\\x3A%", "key:value", true),
                arguments("%\\x28%", "f(x)", true),
                arguments("%\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}%", "from 192.168.0.1", true),
                arguments("%[Ee]rror|[Ff]ail%", "it broke", false),
                arguments("%[Ee]rror|[Ff]ail%", "Fail fast", true),
                arguments("%[]]%", "a]b", true),
                arguments("ERROR %5\\d\\d%", "ERROR 503", true),
                arguments("ERROR -%5\\d\\d%", "ERROR 503", false),
                arguments("?%^WARN% ?%^ERROR%", "ERROR x", true),
                // ---- JSON strings
                arguments("{ $.eventType = \"UpdateTrail\" }", TRAIL, true),
                arguments("{$.eventType=UpdateTrail}", TRAIL, true),
                arguments("{ $.eventType = \"Update\" }", TRAIL, false),
                arguments("{ $.eventType != \"UpdateTrail\" }", TRAIL, false),
                arguments("{ $.sourceIPAddress != 123.123.* }", TRAIL, true),
                arguments("{ $.sourceIPAddress != 111.111.* }", TRAIL, false),
                arguments("{ $.eventType = *Trail }", TRAIL, true),
                arguments("{ $.eventType = Update* }", TRAIL, true),
                arguments("{ $.eventType = \"*\" }", TRAIL, true),
                arguments("{ $.arrayKey[0] = \"value\" }", TRAIL, true),
                arguments("{ $.arrayKey[1] = \"value\" }", TRAIL, false),
                arguments("{ $.arrayKey[5] != \"value\" }", TRAIL, false),
                arguments("{ $.objectList[1].id = 2 }", TRAIL, true),
                arguments("{ $.objectList[0].id = 2 }", TRAIL, false),
                arguments("{ $.eventType = %Trail% }", TRAIL, true),
                arguments("{ $.eventType != %Trail% }", TRAIL, false),
                arguments("{ $.arrayKey[*] = %val.{2}% }", TRAIL, true),
                arguments("{ $.* = %111\\.111\\.111\\.1[0-9]{1,2}% }", TRAIL, true),
                arguments("{ $.objectList[*].name = \"b\" }", TRAIL, true),
                arguments("{ $.['cluster.name'] = \"c\" }", TRAIL, true),
                arguments("{ $.cluster.name = \"c\" }", TRAIL, false),
                arguments("{ $.SomeObject IS NULL }", TRAIL, true),
                arguments("{ $.eventType IS NULL }", TRAIL, false),
                arguments("{ $.Missing IS NULL }", TRAIL, false),
                arguments("{ $.SomeOtherObject NOT EXISTS }", TRAIL, true),
                arguments("{ $.SomeObject NOT EXISTS }", TRAIL, false),
                arguments("{ $.ThisFlag IS TRUE }", TRAIL, true),
                arguments("{ $.ThisFlag IS FALSE }", TRAIL, false),
                arguments("{ $.ThisFlag = true }", TRAIL, false),
                // "If a property selector points to an array or object, the filter pattern won't match"
                arguments("{ $.arrayKey = \"value\" }", TRAIL, false),
                arguments("{ $.arrayKey != \"value\" }", TRAIL, false),
                arguments("{ $.users = 1 }", "{\"users\": [1, 2, 3]}", false),
                arguments("{ $.users != 1 }", "{\"users\": [1, 2, 3]}", false),
                arguments("{ $.missing != \"x\" }", TRAIL, false),
                // ---- JSON numbers
                arguments("{ $.bandwidth > 75 }", "{\"bandwidth\": 80}", true),
                arguments("{ $.bandwidth > 75 }", "{\"bandwidth\": 75}", false),
                arguments("{ $.latency < 50 }", "{\"latency\": 49.5}", true),
                arguments("{ $.refreshRate >= 60 }", "{\"refreshRate\": 60}", true),
                arguments("{ $.responseTime <= 5 }", "{\"responseTime\": 6}", false),
                arguments("{ $.errorCode = 400}", "{\"errorCode\": 400}", true),
                arguments("{ $.errorCode != 500 }", "{\"errorCode\": 400}", true),
                arguments("{ $.errorCode != 500 }", "{\"errorCode\": 500}", false),
                arguments("{ $.errorCode = 4* }", "{\"errorCode\": 404}", true),
                arguments("{ $.number[0] = 1e+3 }", "{\"number\": [1000]}", true),
                arguments("{ $.number[0] != 1e-3 }", "{\"number\": [1000]}", true),
                arguments("{ $.numbers[0] < 10e3 }", "{\"numbers\": [9999.9]}", true),
                arguments("{ $.processes[4].averageRuntime <= 55.5 }",
                        "{\"processes\": [0, 1, 2, 3, {\"averageRuntime\": 55.5}]}", true),
                arguments("{ $.latency > +1000 }", "{\"latency\": 1001}", true),
                arguments("{ $.latency > 1000 }", "{\"latency\": \"1001\"}", true),
                arguments("{ $.latency > 1000 }", "{\"latency\": \"slow\"}", false),
                arguments("{ $.latency = * }", "{\"latency\": 42}", true),
                arguments("{ $.latency = * }", "{\"other\": 42}", false),
                // ---- JSON compound expressions: () > && > ||
                arguments("{ ($.user.id = 1) && ($.users[0].email = \"John.Doe@example.com\") }", USERS, true),
                arguments("{ $.user.email = \"John.Stiles@example.com\" || $.coordinates[0][1] = \"nonmatch\""
                        + " && $.actions[2] = \"nonmatch\" }", USERS, true),
                arguments("{ ($.user.email = \"John.Stiles@example.com\" || $.coordinates[0][1] = \"nonmatch\")"
                        + " && $.actions[2] = \"nonmatch\" }", USERS, false),
                arguments("{ ($.user.id = 2 && $.users[0].email = \"nonmatch\") || $.actions[2] = \"GET\" }", USERS, false),
                arguments("{ $.coordinates[1][2] = 6 }", USERS, true),
                arguments("{$.foo = bar || $.foo = baz}", "{\"foo\": \"baz\"}", true),
                arguments("{$.foo = bar}", "{\"foo\": \"baz\"}", false),
                // "Non-JSON messages never match a JSON pattern"
                arguments("{ $.eventType = \"UpdateTrail\" }", "eventType=UpdateTrail", false),
                arguments("{ $.eventType = \"UpdateTrail\" }", "INFO {\"eventType\": \"UpdateTrail\"}", false),
                arguments("{ $.eventType NOT EXISTS }", "not json", false),
                arguments("{ $.a NOT EXISTS }", "{\"b\": 1} trailing", false),
                // ---- space-delimited
                arguments("[ip, user, username, timestamp, request, status_code, bytes]", APACHE, true),
                arguments("[ip, user, username, timestamp, request, status_code, bytes, extra]", APACHE, false),
                arguments("[ip=%127\\.0\\.0\\.[1-9]%, user, username, timestamp, request =*.html*, status_code = 4*, bytes]",
                        APACHE, true),
                arguments("[ip=%127\\.0\\.0\\.[2-9]%, user, username, timestamp, request, status_code, bytes]",
                        APACHE, false),
                arguments("[..., request =*.html*, status_code = 4*, bytes]", APACHE, true),
                arguments("[..., status_code, bytes > 1000]", APACHE, true),
                arguments("[..., status_code, bytes > 2000]", APACHE, false),
                arguments("[ip, user, ..., status_code = 404, bytes]", APACHE, true),
                arguments("[ip, user, ...]", APACHE, true),
                arguments("[ip, user, username, timestamp = \"10/Oct/2000:13:25:15 -0700\", ...]", APACHE, true),
                arguments("[ip, user, username, timestamp, request = \"GET /index.html HTTP/1.0\", ...]", APACHE, true),
                arguments("[ip, user, username, timestamp, request, status_code = 404 || status_code = 410, bytes]",
                        APACHE, true),
                arguments("[ip, user, username, timestamp, request, status_code = 403 || status_code = 410, bytes]",
                        APACHE, false),
                arguments("[ip, user, username, timestamp, request, status_code = 4* && status_code != 403, bytes]",
                        APACHE, true),
                arguments("[ip, user, username, timestamp, request, status_code = 4* && status_code != 404, bytes]",
                        APACHE, false),
                arguments("[..., request=*.html*, status_code=4*,]", APACHE, true),
                arguments("[w1=ERROR, w2]", ERROR, true),
                arguments("[w1=ERROR, w2]", WARNING, false),
                arguments("[w1=ERROR || w1=WARNING, w2]", WARNING, true),
                arguments("[w1=ERROR || w1=WARNING, w2]", INFO, false),
                arguments("[w1!=ERROR && w1!=WARNING, w2]", INFO, true),
                arguments("[w1!=ERROR&&w1!=WARNING, w2]", ERROR, false),
                arguments("[w1=ERROR, w2 = \"09/25/2014 12:00:02 Failed to process request\"]", ERROR, true),
                arguments("[logLevel, date, time, method, url=%/service/resource/[0-9]+$%, response_time]", INFO, true),
                arguments("[logLevel, date, time, method, url=%/service/resource/[0-9]+$%, response_time]", INFO_PART,
                        false),
                arguments("[logLevel, date, time, method, url=%/service/resource/[0-9]+/part/[0-9]+$%, response_time]",
                        INFO_PART, true),
                arguments("[a, b, c]", "only two", false),
                arguments("[a,, c = x]", "1 2 x", true),
                arguments("[a,, c = x]", "1 2 y", false));
    }

    @ParameterizedTest(name = "{0} on {1}: {2}")
    @MethodSource("examples")
    void documentedExamples(String pattern, String message, boolean expected) {
        assertThat(FilterPattern.parse(pattern).matches(message)).isEqualTo(expected);
    }

    static Stream<Arguments> refused() {
        String invalid = "Invalid filter pattern";
        return Stream.of(
                // Unquoted terms: "Enclose ... terms that include non-alphanumeric characters in double quotation marks"
                arguments("?Status: timeout", "Invalid character(s) in term ':'"),
                arguments("email@domain.com", "Invalid character(s) in term '@'"),
                arguments("PlayerSpawned (reason", "Invalid character(s) in term '('"),
                arguments("\"retrievedReferences\":[]", "Invalid character(s) in term ':'"),
                arguments("ERROR \"\"", "Invalid character(s) in term '\"\"'"),
                arguments("\"unterminated", invalid),
                arguments("ERROR -", invalid),
                // Regex: "%something!% would be rejected since '!' is not supported"
                arguments("%something!%", "Invalid character(s) in term '!'"),
                arguments("%(alpha|beta)%", "Invalid character(s) in term '('"),
                arguments("%\\(ab\\)%", "Invalid character(s) in term '('"),
                arguments("%caf\u00e9%", "Invalid character(s) in term '\u00e9'"),
                arguments("%%", invalid),
                arguments("%abc", invalid),
                arguments("%[abc%", invalid),
                arguments("%a{3,%", invalid),
                arguments("%a{5,3}%", invalid),
                arguments("%\\p%", invalid),
                arguments("%a% %b% %c%", invalid),
                // RE2 refuses a count over 1,000, and one regex's counts may add up to 1,000 at most.
                arguments("%a{1001}%", invalid),
                arguments("%a{0,600}b{0,401}%", invalid),
                arguments("%a{1000,}%", invalid),
                // Nested repetition (Java read *+ as possessive); none is in AWS's list.
                arguments("%a*+%", invalid),
                arguments("%a{2}{3}%", invalid),
                // JSON
                arguments("{$.a = \"x\" && $.b = \"y\"", "If a filter pattern starts with '{' it must end with '}'"),
                arguments("{ $.\"sc-status\" = 5* }", "Invalid character(s) in term '$.\"'"),
                arguments("{ $.a = \"unbalanced }", invalid),
                arguments("{ }", invalid),
                arguments("{ $ = 1 }", invalid),
                arguments("{ $.a }", invalid),
                arguments("{ $.a = }", invalid),
                arguments("{ $.a > abc }", invalid),
                arguments("{ $.a < \"5\" }", invalid),
                arguments("{ $.a IS NOT NULL }", invalid),
                arguments("{ $.a EXISTS }", invalid),
                arguments("{ $.a IS MAYBE }", invalid),
                arguments("{ ($.a = 1 }", invalid),
                arguments("{ $.a = 1 && }", invalid),
                arguments("{ $.a = 1 $.b = 2 }", invalid),
                arguments("{ $.a[x] = 1 }", "Invalid character(s) in term '$.a[x'"),
                arguments("{ $.a = x:y }", "Invalid character(s) in term ':'"),
                arguments("{ $.*[*] = \"a\" }", invalid),
                arguments("{ $.a[*] = 1 || $.b[*] = 1 || $.c[*] = 1 || $.d[*] = 1 }", invalid),
                arguments("{ $.a = %x% && $.b = %y% && $.c = %z% }", invalid),
                arguments("{ $.a = %x!% }", "Invalid character(s) in term '!'"),
                // Space-delimited
                arguments("[w1=%time%", invalid),
                arguments("[]", invalid),
                arguments("[ip, user, username, timestamp, request, status_code = 4* && bytes > 1000]", invalid),
                arguments("[a = ]", invalid),
                arguments("[a > x]", invalid),
                arguments("[a b]", invalid),
                arguments("[a=%x%, b=%y%, c=%z%]", invalid),
                arguments("[status=SUCCESS:*]", "Invalid character(s) in term ':'"),
                arguments("[a ~ 1]", "Invalid character(s) in term '~'"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("refused")
    void refusedAsAwsRefuses(String pattern, String message) {
        AwsServiceException e = catchThrowableOfType(AwsServiceException.class, () -> FilterPattern.parse(pattern));
        assertThat(e).as("parse(%s) should fail", pattern).isNotNull();
        assertThat(e.errorType()).isEqualTo("InvalidParameterException");
        assertThat(e.httpStatus()).isEqualTo(400);
        assertThat(e.getMessage()).isEqualTo(message);
    }

    @Test
    void blankPatternsMatchEverything() {
        for (String p : new String[] {null, "", "   ", "\"\"", "\" \""}) {
            FilterPattern f = FilterPattern.parse(p);
            assertThat(f.matchesAll()).as("%s", p).isTrue();
            assertThat(f.matches("x")).isTrue();
        }
        assertThat(FilterPattern.parse("ERROR").matchesAll()).isFalse();
    }

    /**
     * Patterns that made the backtracking matcher this replaced run for tens of seconds on one event
     * (a nested-quantifier regex; a wildcard value with many stars). Only the answers are asserted:
     * RE2/J's time is linear in the message, so these return at once.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("catastrophicForBacktracking")
    void patternsThatBacktrackCatastrophicallyStillAnswer(String pattern, String miss, String hit) {
        FilterPattern f = FilterPattern.parse(pattern);
        assertThat(f.matches(miss)).isFalse();
        assertThat(f.matches(hit)).isTrue();
    }

    static Stream<Arguments> catastrophicForBacktracking() {
        String a40 = "a".repeat(40);
        String a10k = "a".repeat(10_000);
        return Stream.of(
                arguments("%a*a*a*a*a*a*a*a*b%", a40, a40 + "b"),
                arguments("%a*a*a*a*a*a*a*a*b%", a10k, a10k + "b"),
                arguments("%^a{0,100}a{0,100}a{0,100}c%", a10k, "aaac"),
                arguments("{ $.m = *a*a*a*a*a*a*a*b }", "{\"m\": \"" + a10k + "\"}", "{\"m\": \"" + a10k + "b\"}"),
                arguments("[w = *a*a*a*a*a*a*a*b]", a10k, a10k + "b"));
    }

    @Test
    void dollarIsTheEndOfTheMessage() {
        // "$: Anchors the match to the end of the string"; RE2 does not also match before a final line break.
        assertThat(FilterPattern.parse("%done$%").matches("all done")).isTrue();
        assertThat(FilterPattern.parse("%done$%").matches("all done\n")).isFalse();
    }

    @Test
    void delimitedFieldsSplitOnBracketsAndQuotes() {
        assertThat(DelimitedFilterPattern.split(APACHE)).extracting(f -> f.value()).containsExactly(
                "127.0.0.1", "Prod", "frank", "10/Oct/2000:13:25:15 -0700", "GET /index.html HTTP/1.0", "404", "1534");
    }
}
