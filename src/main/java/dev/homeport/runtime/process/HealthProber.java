package dev.homeport.runtime.process;

import dev.homeport.runtime.HealthProbe;
import dev.homeport.runtime.HealthStatus;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

/**
 * Runs a container's health check the way Docker does (and so ECS): first probe one interval after start,
 * a probe over its timeout fails, {@code retries} consecutive failures mean UNHEALTHY, failures inside the
 * start period don't count until the first success, one success means HEALTHY.
 */
final class HealthProber implements Runnable {

    private final HealthProbe check;
    private final Map<String, String> env;
    private final UnaryOperator<List<String>> sandboxed;
    private final Path workDir;
    private final BooleanSupplier alive;
    private volatile HealthStatus status = HealthStatus.UNKNOWN;

    /**
     * @param sandboxed the command line that runs a check's argv in the container's sandbox: a check runs with the
     *                  container's file system view and identity (not in its PID namespace: a check can't see the
     *                  container's processes, only what they serve)
     */
    HealthProber(HealthProbe check, Map<String, String> env, UnaryOperator<List<String>> sandboxed, Path workDir,
                 BooleanSupplier alive) {
        this.check = check;
        this.env = env;
        this.sandboxed = sandboxed;
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
        ProcessBuilder pb = new ProcessBuilder(sandboxed.apply(check.argv())).directory(workDir.toFile())
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
