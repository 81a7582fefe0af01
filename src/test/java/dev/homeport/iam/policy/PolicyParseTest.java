package dev.homeport.iam.policy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What IAM refuses as MalformedPolicyDocument, with its messages, for each kind of policy. */
class PolicyParseTest {

    @ParameterizedTest(name = "{0}: {2}")
    @CsvSource(delimiter = '!', value = {
            "IDENTITY ! not json ! Syntax errors in policy.",
            "IDENTITY ! [] ! Syntax errors in policy.",
            "IDENTITY ! {\"Version\":\"2012-10-17\"} ! Syntax errors in policy.",
            "IDENTITY ! {\"Version\":\"2013-01-01\",\"Statement\":[]} ! The policy failed legacy parsing",
            "IDENTITY ! {\"Version\":\"2012-10-17\",\"Statement\":[],\"Extra\":1} ! Syntax errors in policy.",
            "IDENTITY ! {\"Version\":\"2012-10-17\",\"Statement\":{\"Action\":\"s3:*\",\"Resource\":\"*\"}} ! Missing required field Effect",
            "IDENTITY ! {\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Permit\",\"Action\":\"s3:*\",\"Resource\":\"*\"}} ! Syntax errors in policy.",
            "IDENTITY ! {\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Resource\":\"*\"}} ! Policy statement must contain actions.",
            "IDENTITY ! {\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:*\"}} ! Policy statement must contain resources.",
            "IDENTITY ! {\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"getobject\",\"Resource\":\"*\"}} ! Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.",
            "IDENTITY ! {\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:*\",\"Resource\":\"*\"}} ! Policy document should not specify a principal.",
            "IDENTITY ! {\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"bucket\"}} ! Resource bucket must be in ARN format or \"*\".",
            "IDENTITY ! {\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"a\",\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"},{\"Sid\":\"a\",\"Effect\":\"Deny\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]} ! Statement IDs (SID) in a single policy must be unique.",
            "IDENTITY ! {\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\",\"Condition\":{\"StringMaybe\":{\"aws:username\":\"a\"}}}} ! Invalid Condition type : StringMaybe.",
            "IDENTITY ! {\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"username\":\"a\"}}}} ! Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.",
            "IDENTITY ! {\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":[],\"Resource\":\"*\"}} ! Syntax errors in policy.",
            "IDENTITY ! {\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"NotAction\":\"s3:Get*\",\"Resource\":\"*\"}} ! Syntax errors in policy.",
            "RESOURCE ! {\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}} ! Missing required field Principal",
            "RESOURCE ! {\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Principal\":\"someone\",\"Action\":\"s3:*\",\"Resource\":\"*\"}} ! Invalid principal in policy: \"someone\"",
            "TRUST ! {\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ecs-tasks.amazonaws.com\"},\"Action\":\"sts:AssumeRole\",\"Resource\":\"*\"}} ! Has prohibited field Resource",
            "TRUST ! {\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\"}} ! Missing required field Principal",
    })
    void refusesWithIamsMessage(Policy.Kind kind, String json, String message) {
        assertThatThrownBy(() -> Policy.parse(json, kind)).isInstanceOf(MalformedPolicyException.class)
                .hasMessage(message);
    }

    @Test
    void acceptsTheShapesAwsDocuments() throws MalformedPolicyException {
        Policy.parse("""
                {"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},
                 "Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"x"}}}}""", Policy.Kind.TRUST);
        Policy.parse("""
                {"Version":"2012-10-17","Id":"p","Statement":[{"Sid":"","Effect":"Deny","Principal":{"AWS":["111122223333",
                 "arn:aws:iam::111122223333:role/app"]},"NotAction":["secretsmanager:Get*"],"NotResource":"arn:aws:x:::y"}]}""",
                Policy.Kind.RESOURCE);
        Policy policy = Policy.parse("{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}}",
                Policy.Kind.IDENTITY);
        assertThat(policy.json()).contains("\"Effect\"");
    }

    @Test
    void awsManagedPoliciesParse() throws Exception {
        for (String name : new String[]{"AdministratorAccess", "ReadOnlyAccess", "SecretsManagerReadWrite",
                "CloudWatchLogsFullAccess", "AmazonEC2ContainerRegistryReadOnly", "AmazonECSTaskExecutionRolePolicy"}) {
            try (InputStream in = getClass().getClassLoader().getResourceAsStream("iam/aws-managed/" + name + ".json")) {
                assertThat(in).as(name).isNotNull();
                Policy.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), Policy.Kind.IDENTITY);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
    }
}
