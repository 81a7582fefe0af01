package dev.homeport.ecs.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class FargateSizesTest {
    @ParameterizedTest
    @CsvSource({"256,512,true", "256,1024,true", "256,2048,true", "256,3072,false", "256,256,false",
            "512,1024,true", "512,4096,true", "512,5120,false", "512,512,false",
            "1024,2048,true", "1024,8192,true", "1024,1024,false", "1024,9216,false", "1024,2500,false",
            "2048,4096,true", "2048,16384,true", "2048,17408,false",
            "4096,8192,true", "4096,30720,true", "4096,31744,false",
            "8192,16384,true", "8192,20480,true", "8192,61440,true", "8192,17408,false",
            "16384,32768,true", "16384,122880,true", "16384,36864,false",
            "128,512,false", "300,1024,false"})
    void table(int cpu, int memory, boolean valid) {
        assertThat(FargateSizes.isValidFargate(cpu, memory)).isEqualTo(valid);
    }

    @Test
    void parsesUnits() {
        assertThat(FargateSizes.parseCpu("1024")).hasValue(1024);
        assertThat(FargateSizes.parseCpu("1 vCPU")).hasValue(1024);
        assertThat(FargateSizes.parseCpu(".25 vcpu")).hasValue(256);
        assertThat(FargateSizes.parseCpu("0.1 vCPU")).isEmpty();
        assertThat(FargateSizes.parseCpu("abc")).isEmpty();
        assertThat(FargateSizes.parseCpu("-1")).isEmpty();
        assertThat(FargateSizes.parseMemory("2 GB")).hasValue(2048);
        assertThat(FargateSizes.parseMemory("0.5GB")).hasValue(512);
        assertThat(FargateSizes.parseMemory("512")).hasValue(512);
    }
}
