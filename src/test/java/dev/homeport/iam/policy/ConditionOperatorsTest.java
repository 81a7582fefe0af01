package dev.homeport.iam.policy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each condition operator of "IAM JSON policy elements: Condition operators", with a missing key, IfExists, negation
 * and the set operators, and policy variables in values. A row: the condition block, the request's context
 * ({@code key=v1|v2;key2=v}, empty for none), and whether the statement applies.
 */
class ConditionOperatorsTest {
    static final Caller ALICE = new Caller("111122223333", "arn:aws:iam::111122223333:user/alice", null, null);

    @ParameterizedTest(name = "{0} with [{1}] -> {2}")
    @CsvSource(delimiter = '!', quoteCharacter = '`', value = {
            // strings
            "{\"StringEquals\":{\"aws:username\":\"alice\"}} ! aws:username=alice ! true",
            "{\"StringEquals\":{\"aws:username\":\"alice\"}} ! aws:username=Alice ! false",
            "{\"StringEquals\":{\"aws:username\":\"alice\"}} !  ! false",
            "{\"StringEquals\":{\"aws:username\":[\"bob\",\"alice\"]}} ! aws:username=alice ! true",
            "{\"StringNotEquals\":{\"aws:username\":\"alice\"}} ! aws:username=bob ! true",
            "{\"StringNotEquals\":{\"aws:username\":\"alice\"}} !  ! true",
            "{\"StringNotEquals\":{\"aws:username\":\"alice\"}} ! aws:username=alice ! false",
            "{\"StringEqualsIgnoreCase\":{\"aws:username\":\"ALICE\"}} ! aws:username=alice ! true",
            "{\"StringNotEqualsIgnoreCase\":{\"aws:username\":\"ALICE\"}} ! aws:username=alice ! false",
            "{\"StringLike\":{\"aws:username\":\"al*\"}} ! aws:username=alice ! true",
            "{\"StringLike\":{\"aws:username\":\"a?ice\"}} ! aws:username=alice ! true",
            "{\"StringLike\":{\"aws:username\":\"b*\"}} ! aws:username=alice ! false",
            "{\"StringNotLike\":{\"aws:username\":\"b*\"}} ! aws:username=alice ! true",
            "{\"StringEqualsIfExists\":{\"aws:username\":\"alice\"}} !  ! true",
            "{\"StringEqualsIfExists\":{\"aws:username\":\"alice\"}} ! aws:username=bob ! false",
            // condition key names are case-insensitive
            "{\"StringEquals\":{\"AWS:UserName\":\"alice\"}} ! aws:username=alice ! true",
            // policy variables
            "{\"StringEquals\":{\"aws:ResourceTag/owner\":\"${aws:username}\"}} ! aws:username=alice;aws:ResourceTag/owner=alice ! true",
            "{\"StringEquals\":{\"aws:ResourceTag/owner\":\"${aws:username}\"}} ! aws:ResourceTag/owner=alice ! false",
            "{\"StringEquals\":{\"aws:ResourceTag/owner\":\"${aws:username, 'nobody'}\"}} ! aws:ResourceTag/owner=nobody ! true",
            "{\"StringLike\":{\"aws:ResourceTag/team\":\"${*}\"}} ! aws:ResourceTag/team=x ! false",
            "{\"StringLike\":{\"aws:ResourceTag/team\":\"${*}\"}} ! aws:ResourceTag/team=* ! true",
            // numbers
            "{\"NumericLessThan\":{\"s3:max-keys\":\"10\"}} ! s3:max-keys=9 ! true",
            "{\"NumericLessThan\":{\"s3:max-keys\":\"10\"}} ! s3:max-keys=10 ! false",
            "{\"NumericLessThanEquals\":{\"s3:max-keys\":10}} ! s3:max-keys=10 ! true",
            "{\"NumericGreaterThan\":{\"s3:max-keys\":\"10\"}} ! s3:max-keys=10.5 ! true",
            "{\"NumericGreaterThanEquals\":{\"s3:max-keys\":\"10\"}} ! s3:max-keys=9 ! false",
            "{\"NumericEquals\":{\"s3:max-keys\":\"10\"}} ! s3:max-keys=10.0 ! true",
            "{\"NumericNotEquals\":{\"s3:max-keys\":\"10\"}} ! s3:max-keys=11 ! true",
            "{\"NumericEquals\":{\"s3:max-keys\":\"10\"}} ! s3:max-keys=ten ! false",
            // dates: ISO 8601 and epoch seconds
            "{\"DateLessThan\":{\"aws:CurrentTime\":\"2027-01-01T00:00:00Z\"}} ! aws:CurrentTime=2026-12-03T10:00:00Z ! true",
            "{\"DateGreaterThan\":{\"aws:CurrentTime\":\"2027-01-01\"}} ! aws:CurrentTime=2026-12-03T10:00:00Z ! false",
            "{\"DateGreaterThanEquals\":{\"aws:EpochTime\":\"1700000000\"}} ! aws:EpochTime=1800000000 ! true",
            "{\"DateEquals\":{\"aws:CurrentTime\":\"2026-12-03T10:00:00Z\"}} ! aws:CurrentTime=2026-12-03T10:00:00Z ! true",
            "{\"DateNotEquals\":{\"aws:CurrentTime\":\"2026-12-03T10:00:00Z\"}} ! aws:CurrentTime=2026-12-03T10:00:01Z ! true",
            "{\"DateLessThanEquals\":{\"aws:CurrentTime\":\"2026-12-03T10:00:00+01:00\"}} ! aws:CurrentTime=2026-12-03T09:00:00Z ! true",
            // booleans and binary
            "{\"Bool\":{\"aws:SecureTransport\":\"false\"}} ! aws:SecureTransport=false ! true",
            "{\"Bool\":{\"aws:SecureTransport\":true}} ! aws:SecureTransport=false ! false",
            "{\"Bool\":{\"aws:SecureTransport\":\"true\"}} !  ! false",
            "{\"BinaryEquals\":{\"x:blob\":\"QmluYXJ5\"}} ! x:blob=QmluYXJ5 ! true",
            // addresses
            "{\"IpAddress\":{\"aws:SourceIp\":\"203.0.113.0/24\"}} ! aws:SourceIp=203.0.113.7 ! true",
            "{\"IpAddress\":{\"aws:SourceIp\":\"203.0.113.0/24\"}} ! aws:SourceIp=203.0.114.7 ! false",
            "{\"IpAddress\":{\"aws:SourceIp\":\"203.0.113.7\"}} ! aws:SourceIp=203.0.113.7 ! true",
            "{\"NotIpAddress\":{\"aws:SourceIp\":\"10.0.0.0/8\"}} ! aws:SourceIp=127.0.0.1 ! true",
            "{\"IpAddress\":{\"aws:SourceIp\":\"2001:db8::/32\"}} ! aws:SourceIp=2001:db8:1::5 ! true",
            "{\"IpAddress\":{\"aws:SourceIp\":\"2001:db8::/32\"}} ! aws:SourceIp=2001:db9::5 ! false",
            "{\"IpAddress\":{\"aws:SourceIp\":\"0.0.0.0/0\"}} ! aws:SourceIp=not-an-address ! false",
            // ARNs, part by part
            "{\"ArnLike\":{\"aws:PrincipalArn\":\"arn:aws:iam::*:user/al*\"}} ! aws:PrincipalArn=arn:aws:iam::111122223333:user/alice ! true",
            "{\"ArnEquals\":{\"aws:PrincipalArn\":\"arn:aws:iam::111122223333:user/alice\"}} ! aws:PrincipalArn=arn:aws:iam::111122223333:user/alice ! true",
            "{\"ArnLike\":{\"aws:PrincipalArn\":\"arn:aws:iam::*:role/*\"}} ! aws:PrincipalArn=arn:aws:iam::111122223333:user/alice ! false",
            "{\"ArnNotLike\":{\"aws:PrincipalArn\":\"arn:aws:iam::*:role/*\"}} ! aws:PrincipalArn=arn:aws:iam::111122223333:user/alice ! true",
            "{\"ArnNotEquals\":{\"aws:PrincipalArn\":\"arn:aws:iam::111122223333:user/bob\"}} ! aws:PrincipalArn=arn:aws:iam::111122223333:user/alice ! true",
            // Null
            "{\"Null\":{\"aws:TokenIssueTime\":\"true\"}} !  ! true",
            "{\"Null\":{\"aws:TokenIssueTime\":\"true\"}} ! aws:TokenIssueTime=2026-12-03T10:00:00Z ! false",
            "{\"Null\":{\"aws:TokenIssueTime\":\"false\"}} ! aws:TokenIssueTime=2026-12-03T10:00:00Z ! true",
            // set operators over a multi-valued key
            "{\"ForAllValues:StringEquals\":{\"aws:TagKeys\":[\"env\",\"team\"]}} ! aws:TagKeys=env|team ! true",
            "{\"ForAllValues:StringEquals\":{\"aws:TagKeys\":[\"env\",\"team\"]}} ! aws:TagKeys=env|owner ! false",
            "{\"ForAllValues:StringEquals\":{\"aws:TagKeys\":[\"env\"]}} !  ! true",
            "{\"ForAnyValue:StringEquals\":{\"aws:TagKeys\":[\"env\"]}} ! aws:TagKeys=owner|env ! true",
            "{\"ForAnyValue:StringEquals\":{\"aws:TagKeys\":[\"env\"]}} ! aws:TagKeys=owner ! false",
            "{\"ForAnyValue:StringEquals\":{\"aws:TagKeys\":[\"env\"]}} !  ! false",
            "{\"ForAnyValue:StringNotLike\":{\"aws:TagKeys\":[\"env*\"]}} ! aws:TagKeys=env1|owner ! true",
            "{\"ForAllValues:StringNotLike\":{\"aws:TagKeys\":[\"secret*\"]}} ! aws:TagKeys=env|owner ! true",
            "{\"ForAllValues:StringNotLike\":{\"aws:TagKeys\":[\"secret*\"]}} ! aws:TagKeys=env|secretish ! false",
            // several keys are ANDed, several operators too
            "{\"StringEquals\":{\"aws:username\":\"alice\",\"aws:RequestedRegion\":\"us-east-1\"}} ! aws:username=alice;aws:RequestedRegion=eu-west-1 ! false",
            "{\"StringEquals\":{\"aws:username\":\"alice\"},\"Bool\":{\"aws:SecureTransport\":\"false\"}} ! aws:username=alice;aws:SecureTransport=false ! true",
    })
    void applies(String condition, String context, boolean expected) throws MalformedPolicyException {
        Policy policy = Policy.parse("""
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":%s}]}"""
                .formatted(condition), Policy.Kind.IDENTITY);
        Map<String, List<String>> keys = new HashMap<>();
        if (context != null && !context.isBlank()) {
            for (String pair : context.split(";")) {
                int eq = pair.indexOf('=');
                keys.put(pair.substring(0, eq).strip(), Arrays.asList(pair.substring(eq + 1).strip().split("\\|")));
            }
        }
        AccessRequest request = AccessRequest.of(ALICE, "secretsmanager:GetSecretValue", "*", keys);
        assertThat(policy.evaluate(request) == Policy.Match.ALLOW).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} on {1} -> {2}")
    @CsvSource(delimiter = '!', value = {
            "arn:aws:secretsmanager:*:*:secret:${aws:username}/* ! arn:aws:secretsmanager:us-east-1:1:secret:alice/db ! true",
            "arn:aws:secretsmanager:*:*:secret:${aws:username}/* ! arn:aws:secretsmanager:us-east-1:1:secret:bob/db ! false",
            "arn:aws:secretsmanager:*:*:secret:db-?????? ! arn:aws:secretsmanager:us-east-1:1:secret:db-AbCdEf ! true",
            "arn:aws:secretsmanager:*:*:secret:db-?????? ! arn:aws:secretsmanager:us-east-1:1:secret:db-AbCdE ! false",
            "arn:aws:ecs:*:*:task/* ! arn:aws:ecs:us-east-1:1:task/default/abc ! true",
            "arn:aws:ecs:*:*:TASK/* ! arn:aws:ecs:us-east-1:1:task/default/abc ! false",
    })
    void resourcesMatchWithWildcardsAndVariables(String pattern, String resource, boolean expected)
            throws MalformedPolicyException {
        Policy policy = Policy.parse("""
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"%s"}]}"""
                .formatted(pattern), Policy.Kind.IDENTITY);
        AccessRequest request = AccessRequest.of(ALICE, "x:Y", resource, Map.of("aws:username", List.of("alice")));
        assertThat(policy.evaluate(request) == Policy.Match.ALLOW).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void variablesAreLiteralInA2008Policy() throws MalformedPolicyException {
        Policy policy = Policy.parse("""
                {"Version":"2008-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"arn:aws:x:::${aws:username}"}]}""",
                Policy.Kind.IDENTITY);
        Map<String, List<String>> keys = Map.of("aws:username", List.of("alice"));
        assertThat(policy.evaluate(AccessRequest.of(ALICE, "x:Y", "arn:aws:x:::alice", keys))).isEqualTo(Policy.Match.NONE);
        assertThat(policy.evaluate(AccessRequest.of(ALICE, "x:Y", "arn:aws:x:::${aws:username}", keys)))
                .isEqualTo(Policy.Match.ALLOW);
    }

    @org.junit.jupiter.api.Test
    void actionsMatchRegardlessOfCase() throws MalformedPolicyException {
        Policy policy = Policy.parse("""
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"SecretsManager:Get*","Resource":"*"}]}""",
                Policy.Kind.IDENTITY);
        assertThat(policy.evaluate(AccessRequest.of(ALICE, "secretsmanager:GetSecretValue", "*", Map.of())))
                .isEqualTo(Policy.Match.ALLOW);
        assertThat(policy.evaluate(AccessRequest.of(ALICE, "secretsmanager:PutSecretValue", "*", Map.of())))
                .isEqualTo(Policy.Match.NONE);
    }
}
