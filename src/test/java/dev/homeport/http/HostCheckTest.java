package dev.homeport.http;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class HostCheckTest {
    private final HostCheck hosts = new HostCheck(Set.of("Homeport.Internal"));

    @Test
    void addressesLoopbackNamesAndConfiguredNamesAreAnswered() {
        for (String host : new String[]{"127.0.0.1", "127.0.0.1:4566", "10.200.11.1:4566", "[::1]", "[::1]:4566",
                "[fe80::1%25eth0]:80", "localhost", "LOCALHOST:4566", "localhost.", "app.localhost:4566",
                "host.docker.internal:4566", "homeport.internal", "HOMEPORT.INTERNAL.:8080"}) {
            assertThat(hosts.allows(host)).as(host).isTrue();
        }
    }

    @Test
    void otherNamesAndMalformedHostsAreRefused() {
        for (String host : new String[]{null, "", " ", "evil.example", "evil.example:4566", "localhost.evil.example",
                "127.0.0.1.evil.example", "1.2.3", "1.2.3.4.5", "1234.1.1.1", "localhost:abc", "localhost:",
                "[::1", "[::1]x", "[evil]", "homeport.internal.evil"}) {
            assertThat(hosts.allows(host)).as(String.valueOf(host)).isFalse();
        }
    }
}
