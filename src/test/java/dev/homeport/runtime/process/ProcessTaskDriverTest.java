package dev.homeport.runtime.process;

import dev.homeport.runtime.DriverCapabilities;
import dev.homeport.runtime.TaskDriver;
import dev.homeport.runtime.TaskDriverContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessTaskDriverTest extends TaskDriverContract {

    @TempDir
    static Path scratch;
    private static ProcessTaskDriver driver;

    @BeforeAll
    static void createDriver() {
        BubblewrapSandboxTest.requireBubblewrap();
        driver = new ProcessTaskDriver(ProcessDriverConfig.defaults().withScratchRoot(scratch));
    }

    @AfterAll
    static void closeDriver() {
        if (driver != null) {
            driver.close();
        }
    }

    @Override
    protected TaskDriver driver() {
        return driver;
    }

    @Override
    protected String image() {
        return "ignored/by-the-process-driver:latest";
    }

    @Test
    void declaresWhatItCannotDo() {
        DriverCapabilities caps = driver.capabilities();
        assertThat(caps.imageIsolation()).isFalse();
        assertThat(caps.ownNetworkNamespace()).isFalse();
        assertThat(caps.privateIpIsLoopback()).isTrue();
        assertThat(caps.resourceLimits()).isFalse();
        assertThat(caps.recoverable()).isFalse();
        assertThat(caps.userSwitching()).as("a numeric uid, inside the sandbox's user namespace").isTrue();
        assertThat(caps.isolation()).startsWith("bubblewrap sandbox");
        assertThat(driver.recover()).isEmpty();
    }
}
