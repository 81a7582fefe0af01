package dev.homeport.runtime.process;

import dev.homeport.runtime.HealthCheck;
import dev.homeport.runtime.HealthStatus;

import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Runs a container's health check the way Docker does (and so ECS): first probe one interval after start,
 * a probe over its timeout fails, {@code retries} consecutive failures mean UNHEALTHY, failures inside the
 * start period don't count until the first success, one success means HEALTHY.
 */
final class HealthProber implements Runnable {

    private final HealthCheck check;
    private final Map<String, String> env;
    private final File workDir;
    private final BooleanSupplier alive;
    private volatile HealthStatus status = HealthStatus.UNKNOWN;

    HealthProber(HealthCheck check, Map<String, String> env, File workDir, BooleanSupplier alive) {
        this.check = check;
        this.env = env;
        this.workDir = workDir;
        this.alive = alive;
    }

    HealthStatus status() {
        return status;
    }

    @Override
    public void run() {
        long startNanos = System.nanoTime();
        boolean everHealthy = false;
        int failures = 0;
        try {
            while (true) {
                Thread.sleep(check.interval());
                if (!alive.getAsBoolean()) {
                    return;
                }
                boolean ok = probe();
                if (!alive.getAsBoolean()) {
                    return; // a probe racing the exit says nothing about health
                }
                boolean inStartPeriod = !everHealthy
                        && Duration.ofNanos(System.nanoTime() - startNanos).compareTo(check.startPeriod()) < 0;
                if (ok) {
                    everHealthy = true;
                    failures = 0;
                    status = HealthStatus.HEALTHY;
                } else if (!inStartPeriod && ++failures >= check.retries()) {
                    status = HealthStatus.UNHEALTHY;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean probe() throws InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(check.argv()).directory(workDir)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().clear();
        pb.environment().putAll(env);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return false; // like Docker: a check that can't be executed is a failed check
        }
        if (!p.waitFor(check.timeout().toNanos(), TimeUnit.NANOSECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            return false;
        }
        return p.exitValue() == 0;
    }
}
