package dev.homeport.ecs.model;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * Task sizes: parsing {@code cpu} ("1024", "1 vCPU", "0.25 vcpu") and {@code memory} ("2048",
 * "2 GB", "0.5GB") into CPU units and MiB, as ECS converts them at registration, and the table of
 * CPU/memory combinations that Fargate offers.
 */
public final class FargateSizes {
    private FargateSizes() {
    }

    /** CPU units from a task-level cpu string; empty when unparseable. */
    public static OptionalInt parseCpu(String value) {
        return parse(value, "VCPU", 1024);
    }

    /** MiB from a task-level memory string; empty when unparseable. */
    public static OptionalInt parseMemory(String value) {
        return parse(value, "GB", 1024);
    }

    private static OptionalInt parse(String value, String unit, int factor) {
        if (value == null) {
            return OptionalInt.empty();
        }
        String s = value.strip().toUpperCase(Locale.ROOT);
        boolean scaled = false;
        if (s.endsWith(unit)) {
            s = s.substring(0, s.length() - unit.length()).strip();
            scaled = true;
        }
        if (s.isEmpty() || s.length() > 12) {
            return OptionalInt.empty();
        }
        try {
            BigDecimal number = new BigDecimal(s);
            if (scaled) {
                number = number.multiply(BigDecimal.valueOf(factor));
            }
            if (number.signum() <= 0 || number.stripTrailingZeros().scale() > 0
                    || number.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
                return OptionalInt.empty();
            }
            return OptionalInt.of(number.intValueExact());
        } catch (NumberFormatException | ArithmeticException e) {
            return OptionalInt.empty();
        }
    }

    /**
     * Whether Fargate offers {@code cpu} units with {@code memoryMiB}:
     * 256 → 512, 1024, 2048; 512 → 1–4 GB; 1024 → 2–8 GB; 2048 → 4–16 GB; 4096 → 8–30 GB (1 GB steps);
     * 8192 → 16–60 GB (4 GB steps); 16384 → 32–120 GB (8 GB steps).
     */
    public static boolean isValidFargate(int cpu, int memoryMiB) {
        return switch (cpu) {
            case 256 -> memoryMiB == 512 || memoryMiB == 1024 || memoryMiB == 2048;
            case 512 -> inSteps(memoryMiB, 1024, 4096, 1024);
            case 1024 -> inSteps(memoryMiB, 2048, 8192, 1024);
            case 2048 -> inSteps(memoryMiB, 4096, 16384, 1024);
            case 4096 -> inSteps(memoryMiB, 8192, 30720, 1024);
            case 8192 -> inSteps(memoryMiB, 16384, 61440, 4096);
            case 16384 -> inSteps(memoryMiB, 32768, 122880, 8192);
            default -> false;
        };
    }

    private static boolean inSteps(int value, int min, int max, int step) {
        return value >= min && value <= max && (value - min) % step == 0;
    }
}
