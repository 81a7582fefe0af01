package dev.homeport.iam.policy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The condition operators of "IAM JSON policy elements: Condition operators", one table per family: a Condition
 * element, the request context and whether the statement applies. Each family covers a missing key, IfExists and
 * negation; then the set operators, Null, several keys and operators, and policy variables in values and Resources.
 *
 * <p>A context is written {@code key=v1|v2;key2=v}; {@code ""} is no keys at all, {@code key=} a key with no values.
 */
class ConditionOperatorsTest {
    static final String A = "111122223333";
    static final Caller ALICE = new Caller(A, "arn:aws:iam::" + A + ":user/alice", null, null);

    static Arguments row(String condition, String context, boolean applies) {
        return Arguments.of(condition, context, applies);
    }

    static Stream<Arguments> strings() {
        return Stream.of(
                row("{\"StringEquals\":{\"aws:username\":\"alice\"}}", "aws:username=alice", true),
                row("{\"StringEquals\":{\"aws:username\":\"alice\"}}", "aws:username=Alice", false),
                row("{\"StringEquals\":{\"aws:username\":\"alice\"}}", "", false),
                row("{\"StringEquals\":{\"aws:username\":\"alice\"}}", "aws:username=", false),
                row("{\"StringEquals\":{\"aws:username\":[\"bob\",\"alice\"]}}", "aws:username=alice", true),
                row("{\"StringEquals\":{\"aws:username\":[]}}", "aws:username=alice", false),
                // Multi-valued request key without a set operator: any request value may match.
                row("{\"StringEquals\":{\"aws:TagKeys\":\"team\"}}", "aws:TagKeys=env|team", true),
                row("{\"StringNotEquals\":{\"aws:TagKeys\":\"team\"}}", "aws:TagKeys=env|team", false),
                row("{\"StringNotEquals\":{\"aws:TagKeys\":\"team\"}}", "aws:TagKeys=env|owner", true),
                row("{\"StringNotEquals\":{\"aws:username\":\"alice\"}}", "aws:username=bob", true),
                row("{\"StringNotEquals\":{\"aws:username\":[\"bob\",\"alice\"]}}", "aws:username=alice", false),
                row("{\"StringNotEquals\":{\"aws:username\":\"alice\"}}", "aws:username=alice", false),
                // A negated operator holds for a missing key.
                row("{\"StringNotEquals\":{\"aws:username\":\"alice\"}}", "", true),
                row("{\"StringEqualsIgnoreCase\":{\"aws:username\":\"ALICE\"}}", "aws:username=alice", true),
                row("{\"StringEqualsIgnoreCase\":{\"aws:username\":\"ALICE\"}}", "aws:username=bob", false),
                row("{\"StringNotEqualsIgnoreCase\":{\"aws:username\":\"ALICE\"}}", "aws:username=alice", false),
                row("{\"StringNotEqualsIgnoreCase\":{\"aws:username\":\"ALICE\"}}", "", true),
                row("{\"StringLike\":{\"aws:username\":\"al*\"}}", "aws:username=alice", true),
                row("{\"StringLike\":{\"aws:username\":\"a?ice\"}}", "aws:username=alice", true),
                row("{\"StringLike\":{\"aws:username\":\"a?ice\"}}", "aws:username=aice", false),
                row("{\"StringLike\":{\"aws:username\":\"*\"}}", "aws:username=", false),
                row("{\"StringLike\":{\"aws:username\":\"AL*\"}}", "aws:username=alice", false),
                row("{\"StringLike\":{\"s3:prefix\":\"home/*/docs/*\"}}", "s3:prefix=home/alice/docs/a/b", true),
                row("{\"StringLike\":{\"s3:prefix\":\"home/*/docs/*\"}}", "s3:prefix=home/alice/pics/a", false),
                row("{\"StringNotLike\":{\"aws:username\":\"b*\"}}", "aws:username=alice", true),
                row("{\"StringNotLike\":{\"aws:username\":\"b*\"}}", "aws:username=bob", false),
                row("{\"StringNotLike\":{\"aws:username\":\"b*\"}}", "", true),
                row("{\"StringEqualsIfExists\":{\"aws:username\":\"alice\"}}", "", true),
                row("{\"StringEqualsIfExists\":{\"aws:username\":\"alice\"}}", "aws:username=bob", false),
                row("{\"StringEqualsIfExists\":{\"aws:username\":\"alice\"}}", "aws:username=alice", true),
                row("{\"StringLikeIfExists\":{\"ec2:InstanceType\":[\"t1.*\",\"t2.*\"]}}", "", true),
                row("{\"StringLikeIfExists\":{\"ec2:InstanceType\":[\"t1.*\",\"t2.*\"]}}", "ec2:InstanceType=m5.large",
                        false),
                row("{\"StringNotEqualsIfExists\":{\"aws:username\":\"alice\"}}", "aws:username=alice", false),
                // Condition key names are case-insensitive; values are not.
                row("{\"StringEquals\":{\"AWS:UserName\":\"alice\"}}", "aws:username=alice", true),
                row("{\"StringEquals\":{\"aws:username\":\"alice\"}}", "AWS:USERNAME=alice", true),
                // JSON numbers and booleans are compared as their text.
                row("{\"StringEquals\":{\"s3:max-keys\":10}}", "s3:max-keys=10", true),
                row("{\"BinaryEquals\":{\"s3:x-amz-meta\":\"QmluYXJ5VmFsdWU=\"}}", "s3:x-amz-meta=QmluYXJ5VmFsdWU=",
                        true),
                row("{\"BinaryEquals\":{\"s3:x-amz-meta\":\"QmluYXJ5VmFsdWU=\"}}", "s3:x-amz-meta=qmluyxj5vmfsdwu=",
                        false),
                row("{\"BinaryEqualsIfExists\":{\"s3:x-amz-meta\":\"QmluYXJ5VmFsdWU=\"}}", "", true)
        );
    }

    static Stream<Arguments> numbers() {
        return Stream.of(
                row("{\"NumericEquals\":{\"s3:max-keys\":\"10\"}}", "s3:max-keys=10", true),
                row("{\"NumericEquals\":{\"s3:max-keys\":\"10\"}}", "s3:max-keys=10.0", true),
                row("{\"NumericEquals\":{\"s3:max-keys\":10}}", "s3:max-keys=11", false),
                row("{\"NumericEquals\":{\"s3:max-keys\":\"10\"}}", "s3:max-keys=ten", false),
                row("{\"NumericEquals\":{\"s3:max-keys\":\"ten\"}}", "s3:max-keys=10", false),
                row("{\"NumericEquals\":{\"s3:max-keys\":\"10\"}}", "", false),
                row("{\"NumericNotEquals\":{\"s3:max-keys\":\"10\"}}", "s3:max-keys=11", true),
                row("{\"NumericNotEquals\":{\"s3:max-keys\":\"10\"}}", "s3:max-keys=10", false),
                row("{\"NumericNotEquals\":{\"s3:max-keys\":\"10\"}}", "", true),
                row("{\"NumericLessThan\":{\"s3:max-keys\":\"10\"}}", "s3:max-keys=9", true),
                row("{\"NumericLessThan\":{\"s3:max-keys\":\"10\"}}", "s3:max-keys=10", false),
                row("{\"NumericLessThan\":{\"s3:max-keys\":\"10\"}}", "s3:max-keys=-3.5", true),
                row("{\"NumericLessThanEquals\":{\"s3:max-keys\":10}}", "s3:max-keys=10", true),
                row("{\"NumericLessThanEquals\":{\"s3:max-keys\":10}}", "s3:max-keys=10.01", false),
                row("{\"NumericGreaterThan\":{\"s3:max-keys\":\"10\"}}", "s3:max-keys=10.5", true),
                row("{\"NumericGreaterThan\":{\"s3:max-keys\":\"10\"}}", "s3:max-keys=10", false),
                row("{\"NumericGreaterThanEquals\":{\"s3:max-keys\":\"10\"}}", "s3:max-keys=10", true),
                row("{\"NumericGreaterThanEquals\":{\"s3:max-keys\":\"10\"}}", "s3:max-keys=9", false),
                row("{\"NumericGreaterThanEquals\":{\"s3:max-keys\":[\"100\",\"10\"]}}", "s3:max-keys=50", true),
                row("{\"NumericLessThanIfExists\":{\"s3:max-keys\":\"10\"}}", "", true),
                row("{\"NumericLessThanIfExists\":{\"s3:max-keys\":\"10\"}}", "s3:max-keys=11", false),
                row("{\"NumericGreaterThan\":{\"s3:max-keys\":\"99999999999999999999\"}}",
                        "s3:max-keys=100000000000000000000", true)
        );
    }

    static Stream<Arguments> dates() {
        return Stream.of(
                row("{\"DateLessThan\":{\"aws:CurrentTime\":\"2027-01-01T00:00:00Z\"}}",
                        "aws:CurrentTime=2026-12-03T10:00:00Z", true),
                row("{\"DateLessThan\":{\"aws:CurrentTime\":\"2027-01-01T00:00:00Z\"}}",
                        "aws:CurrentTime=2027-01-01T00:00:00Z", false),
                row("{\"DateLessThanEquals\":{\"aws:CurrentTime\":\"2027-01-01T00:00:00Z\"}}",
                        "aws:CurrentTime=2027-01-01T00:00:00Z", true),
                row("{\"DateGreaterThan\":{\"aws:CurrentTime\":\"2027-01-01\"}}", "aws:CurrentTime=2026-12-03T10:00:00Z",
                        false),
                row("{\"DateGreaterThan\":{\"aws:CurrentTime\":\"2027-01-01\"}}", "aws:CurrentTime=2027-01-01T00:00:01Z",
                        true),
                row("{\"DateGreaterThanEquals\":{\"aws:EpochTime\":\"1700000000\"}}", "aws:EpochTime=1800000000", true),
                row("{\"DateGreaterThanEquals\":{\"aws:EpochTime\":1700000000}}", "aws:EpochTime=1600000000", false),
                // ISO and epoch seconds compare with each other; offsets and fractions count.
                row("{\"DateEquals\":{\"aws:CurrentTime\":\"2023-11-14T22:13:20Z\"}}", "aws:CurrentTime=1700000000",
                        true),
                row("{\"DateEquals\":{\"aws:CurrentTime\":\"2026-12-03T12:00:00+02:00\"}}",
                        "aws:CurrentTime=2026-12-03T10:00:00Z", true),
                row("{\"DateLessThan\":{\"aws:CurrentTime\":\"2026-12-03T10:00:00.5Z\"}}",
                        "aws:CurrentTime=2026-12-03T10:00:00.25Z", true),
                row("{\"DateEquals\":{\"aws:CurrentTime\":\"2026-12-03T10:00:00Z\"}}",
                        "aws:CurrentTime=not-a-date", false),
                row("{\"DateNotEquals\":{\"aws:CurrentTime\":\"2026-12-03T10:00:00Z\"}}",
                        "aws:CurrentTime=2026-12-03T10:00:01Z", true),
                row("{\"DateNotEquals\":{\"aws:CurrentTime\":\"2026-12-03T10:00:00Z\"}}",
                        "aws:CurrentTime=2026-12-03T10:00:00Z", false),
                row("{\"DateNotEquals\":{\"aws:CurrentTime\":\"2026-12-03T10:00:00Z\"}}", "", true),
                row("{\"DateLessThan\":{\"aws:CurrentTime\":\"2027-01-01\"}}", "", false),
                row("{\"DateLessThanIfExists\":{\"aws:CurrentTime\":\"2027-01-01\"}}", "", true),
                row("{\"DateGreaterThanEquals\":{\"aws:TokenIssueTime\":\"${aws:CurrentTime}\"}}",
                        "aws:TokenIssueTime=2026-01-02;aws:CurrentTime=2026-01-01", true)
        );
    }

    static Stream<Arguments> booleansAndNull() {
        return Stream.of(
                row("{\"Bool\":{\"aws:SecureTransport\":\"true\"}}", "aws:SecureTransport=true", true),
                row("{\"Bool\":{\"aws:SecureTransport\":true}}", "aws:SecureTransport=true", true),
                row("{\"Bool\":{\"aws:SecureTransport\":\"true\"}}", "aws:SecureTransport=TRUE", true),
                row("{\"Bool\":{\"aws:SecureTransport\":\"true\"}}", "aws:SecureTransport=false", false),
                row("{\"Bool\":{\"aws:SecureTransport\":\"false\"}}", "", false),
                row("{\"BoolIfExists\":{\"aws:MultiFactorAuthPresent\":\"false\"}}", "", true),
                row("{\"BoolIfExists\":{\"aws:MultiFactorAuthPresent\":\"false\"}}", "aws:MultiFactorAuthPresent=true",
                        false),
                row("{\"Null\":{\"aws:TokenIssueTime\":\"true\"}}", "", true),
                row("{\"Null\":{\"aws:TokenIssueTime\":\"true\"}}", "aws:TokenIssueTime=2026-01-01T00:00:00Z", false),
                row("{\"Null\":{\"aws:TokenIssueTime\":\"false\"}}", "aws:TokenIssueTime=2026-01-01T00:00:00Z", true),
                row("{\"Null\":{\"aws:TokenIssueTime\":false}}", "", false),
                row("{\"Null\":{\"aws:TokenIssueTime\":\"true\"}}", "aws:TokenIssueTime=", true)
        );
    }

    static Stream<Arguments> ipAddresses() {
        return Stream.of(
                row("{\"IpAddress\":{\"aws:SourceIp\":\"203.0.113.0/24\"}}", "aws:SourceIp=203.0.113.7", true),
                row("{\"IpAddress\":{\"aws:SourceIp\":\"203.0.113.0/24\"}}", "aws:SourceIp=203.0.114.7", false),
                row("{\"IpAddress\":{\"aws:SourceIp\":\"203.0.113.0/25\"}}", "aws:SourceIp=203.0.113.200", false),
                row("{\"IpAddress\":{\"aws:SourceIp\":\"10.0.0.0/8\"}}", "aws:SourceIp=10.255.1.2", true),
                row("{\"IpAddress\":{\"aws:SourceIp\":\"0.0.0.0/0\"}}", "aws:SourceIp=192.0.2.1", true),
                row("{\"IpAddress\":{\"aws:SourceIp\":\"192.0.2.1\"}}", "aws:SourceIp=192.0.2.1", true),
                row("{\"IpAddress\":{\"aws:SourceIp\":\"192.0.2.1/32\"}}", "aws:SourceIp=192.0.2.2", false),
                row("{\"IpAddress\":{\"aws:SourceIp\":[\"198.51.100.0/24\",\"203.0.113.0/24\"]}}",
                        "aws:SourceIp=203.0.113.9", true),
                row("{\"IpAddress\":{\"aws:SourceIp\":\"203.0.113.0/24\"}}", "aws:SourceIp=not-an-ip", false),
                row("{\"IpAddress\":{\"aws:SourceIp\":\"203.0.113.0/24\"}}", "aws:SourceIp=203.0.113.256", false),
                row("{\"IpAddress\":{\"aws:SourceIp\":\"203.0.113.0/33\"}}", "aws:SourceIp=203.0.113.1", false),
                row("{\"IpAddress\":{\"aws:SourceIp\":\"203.0.113.0/24\"}}", "", false),
                row("{\"IpAddressIfExists\":{\"aws:SourceIp\":\"203.0.113.0/24\"}}", "", true),
                // IPv6: compressed and full forms, prefixes not on a byte boundary, IPv4-mapped addresses.
                row("{\"IpAddress\":{\"aws:SourceIp\":\"2001:DB8:1234:5678::/64\"}}",
                        "aws:SourceIp=2001:db8:1234:5678:abcd::1", true),
                row("{\"IpAddress\":{\"aws:SourceIp\":\"2001:DB8:1234:5678::/64\"}}",
                        "aws:SourceIp=2001:0db8:1234:5679:0000:0000:0000:0001", false),
                row("{\"IpAddress\":{\"aws:SourceIp\":\"2001:db8::/29\"}}", "aws:SourceIp=2001:dbf::1", true),
                row("{\"IpAddress\":{\"aws:SourceIp\":\"2001:db8::/29\"}}", "aws:SourceIp=2001:dc0::1", false),
                row("{\"IpAddress\":{\"aws:SourceIp\":\"::1\"}}", "aws:SourceIp=0:0:0:0:0:0:0:1", true),
                row("{\"IpAddress\":{\"aws:SourceIp\":\"203.0.113.0/24\"}}", "aws:SourceIp=::ffff:203.0.113.5", true),
                row("{\"IpAddress\":{\"aws:SourceIp\":\"203.0.113.0/24\"}}", "aws:SourceIp=2001:db8::1", false),
                row("{\"IpAddress\":{\"aws:SourceIp\":\"2001:db8::/32\"}}", "aws:SourceIp=2001:db8::1::2", false),
                row("{\"NotIpAddress\":{\"aws:SourceIp\":\"203.0.113.0/24\"}}", "aws:SourceIp=198.51.100.1", true),
                row("{\"NotIpAddress\":{\"aws:SourceIp\":\"203.0.113.0/24\"}}", "aws:SourceIp=203.0.113.1", false),
                row("{\"NotIpAddress\":{\"aws:SourceIp\":[\"203.0.113.0/24\",\"2001:db8::/32\"]}}",
                        "aws:SourceIp=2001:db8::5", false),
                row("{\"NotIpAddress\":{\"aws:SourceIp\":\"203.0.113.0/24\"}}", "", true)
        );
    }

    static Stream<Arguments> arns() {
        String trail = "arn:aws:cloudtrail:us-east-1:" + A + ":trail/main";
        return Stream.of(
                row("{\"ArnEquals\":{\"aws:SourceArn\":\"" + trail + "\"}}", "aws:SourceArn=" + trail, true),
                row("{\"ArnEquals\":{\"aws:SourceArn\":\"" + trail + "\"}}", "aws:SourceArn=" + trail + "2", false),
                row("{\"ArnLike\":{\"aws:SourceArn\":\"arn:aws:cloudtrail:*:" + A + ":trail/*\"}}",
                        "aws:SourceArn=" + trail, true),
                row("{\"ArnLike\":{\"aws:SourceArn\":\"arn:aws:cloudtrail:*:" + A + ":trail/*\"}}",
                        "aws:SourceArn=arn:aws:cloudtrail:us-east-1:444455556666:trail/main", false),
                row("{\"ArnLike\":{\"aws:SourceArn\":\"arn:aws:cloudtrail:us-?ast-1:*:*\"}}", "aws:SourceArn=" + trail,
                        true),
                // A wildcard stays within its segment: * in the account part does not swallow the resource part.
                row("{\"ArnLike\":{\"aws:PrincipalArn\":\"arn:aws:iam::*:root\"}}",
                        "aws:PrincipalArn=arn:aws:iam::" + A + ":root", true),
                row("{\"ArnLike\":{\"aws:PrincipalArn\":\"arn:aws:iam::*:root\"}}",
                        "aws:PrincipalArn=arn:aws:iam::" + A + ":user/root", false),
                row("{\"ArnLike\":{\"aws:PrincipalArn\":\"arn:aws:iam::*\"}}",
                        "aws:PrincipalArn=arn:aws:iam::" + A + ":root", false),
                // The sixth segment keeps its colons.
                row("{\"ArnLike\":{\"aws:SourceArn\":\"arn:aws:logs:*:*:log-group:app:*\"}}",
                        "aws:SourceArn=arn:aws:logs:us-east-1:" + A + ":log-group:app:log-stream:x", true),
                row("{\"ArnLike\":{\"aws:SourceArn\":\"arn:aws:s3:::bucket/*\"}}", "aws:SourceArn=not-an-arn", false),
                row("{\"ArnNotEquals\":{\"aws:SourceArn\":\"" + trail + "\"}}", "aws:SourceArn=" + trail, false),
                row("{\"ArnNotLike\":{\"aws:SourceArn\":\"arn:aws:cloudtrail:*:*:trail/x*\"}}", "aws:SourceArn=" + trail,
                        true),
                row("{\"ArnNotLike\":{\"aws:SourceArn\":\"arn:aws:cloudtrail:*:*:trail/x*\"}}", "", true),
                row("{\"ArnLike\":{\"aws:SourceArn\":\"arn:aws:cloudtrail:*:*:trail/*\"}}", "", false),
                row("{\"ArnLikeIfExists\":{\"aws:SourceArn\":\"arn:aws:cloudtrail:*:*:trail/*\"}}", "", true)
        );
    }

    static Stream<Arguments> setOperators() {
        return Stream.of(
                // ForAllValues: every request value is among the policy's; a missing or empty key passes.
                row("{\"ForAllValues:StringEquals\":{\"aws:TagKeys\":[\"env\",\"team\"]}}", "aws:TagKeys=env|team", true),
                row("{\"ForAllValues:StringEquals\":{\"aws:TagKeys\":[\"env\",\"team\"]}}", "aws:TagKeys=env", true),
                row("{\"ForAllValues:StringEquals\":{\"aws:TagKeys\":[\"env\",\"team\"]}}", "aws:TagKeys=env|cost",
                        false),
                row("{\"ForAllValues:StringEquals\":{\"aws:TagKeys\":[\"env\",\"team\"]}}", "", true),
                row("{\"ForAllValues:StringEquals\":{\"aws:TagKeys\":[\"env\",\"team\"]}}", "aws:TagKeys=", true),
                row("{\"ForAllValues:StringLike\":{\"aws:TagKeys\":\"app-*\"}}", "aws:TagKeys=app-a|app-b", true),
                row("{\"ForAllValues:StringNotEquals\":{\"aws:TagKeys\":\"secret\"}}", "aws:TagKeys=env|team", true),
                row("{\"ForAllValues:StringNotEquals\":{\"aws:TagKeys\":\"secret\"}}", "aws:TagKeys=env|secret", false),
                row("{\"ForAllValues:NumericLessThan\":{\"ec2:VolumeSizes\":\"100\"}}", "ec2:VolumeSizes=10|99", true),
                row("{\"ForAllValues:NumericLessThan\":{\"ec2:VolumeSizes\":\"100\"}}", "ec2:VolumeSizes=10|100", false),
                // ForAnyValue: at least one request value is among the policy's; a missing key fails.
                row("{\"ForAnyValue:StringEquals\":{\"aws:TagKeys\":[\"env\",\"team\"]}}", "aws:TagKeys=cost|team", true),
                row("{\"ForAnyValue:StringEquals\":{\"aws:TagKeys\":[\"env\",\"team\"]}}", "aws:TagKeys=cost", false),
                row("{\"ForAnyValue:StringEquals\":{\"aws:TagKeys\":[\"env\",\"team\"]}}", "", false),
                row("{\"ForAnyValue:StringEqualsIfExists\":{\"aws:TagKeys\":\"env\"}}", "", true),
                row("{\"ForAnyValue:StringNotLike\":{\"aws:TagKeys\":\"app-*\"}}", "aws:TagKeys=app-a|other", true),
                row("{\"ForAnyValue:StringNotLike\":{\"aws:TagKeys\":\"app-*\"}}", "aws:TagKeys=app-a|app-b", false),
                row("{\"ForAnyValue:StringNotLike\":{\"aws:TagKeys\":\"app-*\"}}", "", false),
                row("{\"ForAnyValue:IpAddress\":{\"aws:SourceIp\":\"10.0.0.0/8\"}}", "aws:SourceIp=192.0.2.1|10.1.1.1",
                        true)
        );
    }

    static Stream<Arguments> combinations() {
        return Stream.of(
                // Several keys under one operator, and several operators: all must hold.
                row("{\"StringEquals\":{\"aws:username\":\"alice\",\"aws:RequestedRegion\":\"us-east-1\"}}",
                        "aws:username=alice;aws:RequestedRegion=us-east-1", true),
                row("{\"StringEquals\":{\"aws:username\":\"alice\",\"aws:RequestedRegion\":\"us-east-1\"}}",
                        "aws:username=alice;aws:RequestedRegion=eu-west-1", false),
                row("{\"StringEquals\":{\"aws:username\":\"alice\"},\"Bool\":{\"aws:SecureTransport\":\"true\"}}",
                        "aws:username=alice;aws:SecureTransport=true", true),
                row("{\"StringEquals\":{\"aws:username\":\"alice\"},\"Bool\":{\"aws:SecureTransport\":\"true\"}}",
                        "aws:username=alice;aws:SecureTransport=false", false),
                row("{}", "", true),
                // An operator IAM accepts empty tests nothing.
                row("{\"SomethingNew\":{}}", "", true)
        );
    }

    static Stream<Arguments> variables() {
        return Stream.of(
                row("{\"StringEquals\":{\"aws:ResourceTag/owner\":\"${aws:username}\"}}",
                        "aws:username=alice;aws:ResourceTag/owner=alice", true),
                row("{\"StringEquals\":{\"aws:ResourceTag/owner\":\"${aws:username}\"}}",
                        "aws:username=bob;aws:ResourceTag/owner=alice", false),
                // A variable without a value matches nothing...
                row("{\"StringEquals\":{\"aws:ResourceTag/owner\":\"${aws:username}\"}}", "aws:ResourceTag/owner=alice",
                        false),
                // ...unless it has a default.
                row("{\"StringEquals\":{\"aws:ResourceTag/owner\":\"${aws:username, 'nobody'}\"}}",
                        "aws:ResourceTag/owner=nobody", true),
                row("{\"StringEquals\":{\"aws:ResourceTag/owner\":\"${aws:username,'nobody'}\"}}",
                        "aws:username=alice;aws:ResourceTag/owner=alice", true),
                row("{\"StringEquals\":{\"aws:ResourceTag/team\":\"${aws:PrincipalTag/team}\"}}",
                        "aws:PrincipalTag/team=blue;aws:ResourceTag/team=blue", true),
                row("{\"StringEquals\":{\"aws:ResourceTag/team\":\"${AWS:PRINCIPALTAG/TEAM}\"}}",
                        "aws:principaltag/team=blue;aws:ResourceTag/team=blue", true),
                row("{\"StringLike\":{\"s3:prefix\":\"home/${aws:username}/*\"}}", "aws:username=alice;s3:prefix=home/alice/x",
                        true),
                row("{\"StringLike\":{\"s3:prefix\":\"home/${aws:username}/*\"}}", "aws:username=alice;s3:prefix=home/bob/x",
                        false),
                // A variable's value is literal text: a * in it is no wildcard.
                row("{\"StringLike\":{\"s3:prefix\":\"${aws:username}\"}}", "aws:username=a*;s3:prefix=abc", false),
                row("{\"StringLike\":{\"s3:prefix\":\"${aws:username}\"}}", "aws:username=a*;s3:prefix=a*", true),
                // ${*}, ${?} and ${$} are those characters, literally.
                row("{\"StringLike\":{\"aws:ResourceTag/team\":\"${*}\"}}", "aws:ResourceTag/team=x", false),
                row("{\"StringLike\":{\"aws:ResourceTag/team\":\"${*}\"}}", "aws:ResourceTag/team=*", true),
                row("{\"StringLike\":{\"aws:ResourceTag/team\":\"a${?}*\"}}", "aws:ResourceTag/team=a?b", true),
                row("{\"StringLike\":{\"aws:ResourceTag/team\":\"a${?}*\"}}", "aws:ResourceTag/team=abb", false),
                row("{\"StringEquals\":{\"aws:ResourceTag/cost\":\"${$}5\"}}", "aws:ResourceTag/cost=$5", true),
                row("{\"ArnLike\":{\"aws:SourceArn\":\"arn:aws:s3:::${aws:username}-*\"}}",
                        "aws:username=alice;aws:SourceArn=arn:aws:s3:::alice-bucket", true),
                row("{\"IpAddress\":{\"aws:SourceIp\":\"${aws:PrincipalTag/net}\"}}",
                        "aws:PrincipalTag/net=10.0.0.0/8;aws:SourceIp=10.1.2.3", true),
                // A multi-valued key is no variable value.
                row("{\"StringEquals\":{\"aws:ResourceTag/team\":\"${aws:TagKeys}\"}}",
                        "aws:TagKeys=a|b;aws:ResourceTag/team=a", false)
        );
    }

    @ParameterizedTest(name = "{0} with [{1}] -> {2}")
    @MethodSource({"strings", "numbers", "dates", "booleansAndNull", "ipAddresses", "arns", "setOperators",
            "combinations", "variables"})
    void condition(String condition, String context, boolean applies) throws MalformedPolicyException {
        Policy policy = Policy.parse("{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:*\","
                + "\"Resource\":\"*\",\"Condition\":" + condition + "}}", Policy.Kind.IDENTITY);
        AccessRequest request = AccessRequest.of(ALICE, "s3:GetObject", "arn:aws:s3:::b/k", context(context));
        assertThat(policy.evaluate(request)).isEqualTo(applies ? Policy.Match.ALLOW : Policy.Match.NONE);
    }

    /** A Deny statement follows the same condition logic: a condition that fails leaves the request to the Allow. */
    @Test
    void aDenyWithAFailingConditionDoesNotApply() throws MalformedPolicyException {
        Policy policy = Policy.parse("""
                {"Version":"2012-10-17","Statement":[
                  {"Effect":"Allow","Action":"s3:*","Resource":"*"},
                  {"Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}""",
                Policy.Kind.IDENTITY);
        assertThat(policy.evaluate(request("aws:SecureTransport=true"))).isEqualTo(Policy.Match.ALLOW);
        assertThat(policy.evaluate(request("aws:SecureTransport=false"))).isEqualTo(Policy.Match.DENY);
        assertThat(policy.evaluate(request(""))).isEqualTo(Policy.Match.ALLOW);
    }

    @Test
    void resourceVariablesAreSubstitutedPerRequest() throws MalformedPolicyException {
        Policy policy = Policy.parse("""
                {"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*",
                 "Resource":["arn:aws:s3:::home/${aws:username}/*","arn:aws:s3:::teams/${aws:PrincipalTag/team, 'none'}"]}}""",
                Policy.Kind.IDENTITY);
        assertThat(policy.evaluate(AccessRequest.of(ALICE, "s3:GetObject", "arn:aws:s3:::home/alice/notes",
                context("aws:username=alice")))).isEqualTo(Policy.Match.ALLOW);
        assertThat(policy.evaluate(AccessRequest.of(ALICE, "s3:GetObject", "arn:aws:s3:::home/bob/notes",
                context("aws:username=alice")))).isEqualTo(Policy.Match.NONE);
        // No aws:username: the Resource with the variable does not match at all.
        assertThat(policy.evaluate(AccessRequest.of(ALICE, "s3:GetObject", "arn:aws:s3:::home//notes",
                context("")))).isEqualTo(Policy.Match.NONE);
        assertThat(policy.evaluate(AccessRequest.of(ALICE, "s3:GetObject", "arn:aws:s3:::teams/none",
                context("")))).isEqualTo(Policy.Match.ALLOW);
        assertThat(policy.evaluate(AccessRequest.of(ALICE, "s3:GetObject", "arn:aws:s3:::teams/blue",
                context("aws:PrincipalTag/team=blue")))).isEqualTo(Policy.Match.ALLOW);
    }

    /** Without Version 2012-10-17 a policy has no variables: {@code ${aws:username}} is text to match. */
    @Test
    void versionlessDocumentsTreatVariablesAsText() throws MalformedPolicyException {
        for (String version : List.of("", "\"Version\":\"2008-10-17\",")) {
            Policy policy = Policy.parse("{" + version + "\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:*\","
                    + "\"Resource\":\"arn:aws:s3:::home/${aws:username}\"}}", Policy.Kind.IDENTITY);
            assertThat(policy.evaluate(AccessRequest.of(ALICE, "s3:GetObject", "arn:aws:s3:::home/alice",
                    context("aws:username=alice")))).isEqualTo(Policy.Match.NONE);
            assertThat(policy.evaluate(AccessRequest.of(ALICE, "s3:GetObject", "arn:aws:s3:::home/${aws:username}",
                    context("aws:username=alice")))).isEqualTo(Policy.Match.ALLOW);
        }
    }

    static AccessRequest request(String context) {
        return AccessRequest.of(ALICE, "s3:GetObject", "arn:aws:s3:::b/k", context(context));
    }

    static Map<String, List<String>> context(String text) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (text == null || text.isEmpty()) {
            return out;
        }
        for (String entry : text.split(";")) {
            int eq = entry.indexOf('=');
            String values = entry.substring(eq + 1);
            out.put(entry.substring(0, eq), values.isEmpty() ? List.of() : Arrays.asList(values.split("\\|")));
        }
        return out;
    }
}
