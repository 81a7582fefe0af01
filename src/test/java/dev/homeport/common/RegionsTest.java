package dev.homeport.common;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RegionsTest {
    @Test
    void regionNamesAsAwsSpellsThem() {
        for (String r : new String[]{"us-east-1", "eu-west-3", "us-gov-west-1", "ap-southeast-4", "us-isob-east-1",
                "cn-northwest-1", "il-central-1", "ap-southeast-10"}) {
            assertThat(Regions.isValid(r)).as(r).isTrue();
        }
        for (String r : new String[]{null, "", "us-east", "us-east-123", "US-EAST-1", "use-east-1", "us--east-1",
                "us-east-1-", "-us-east-1", "us-east-1a", "<img src=x onerror=alert(1)>", "us east 1",
                "aa-" + "b".repeat(40) + "-1"}) {
            assertThat(Regions.isValid(r)).as(String.valueOf(r)).isFalse();
        }
    }
}
