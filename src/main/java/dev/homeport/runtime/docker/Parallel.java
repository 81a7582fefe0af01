package dev.homeport.runtime.docker;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/** Runs engine calls side by side on virtual threads: each is mostly waiting for the engine. */
final class Parallel {

    private Parallel() {
    }

    /** What {@link #run} produced: the successful results by index, and the first failure in index order. */
    record Outcome<T>(List<T> results, RuntimeException failure) {
    }

    /** Runs {@code task(0..n-1)} and waits for all of them, so the caller can clean up what succeeded. */
    static <T> Outcome<T> run(int n, IntFunction<T> task) {
        if (n == 1) { // the common single-container task: no thread hop
            try {
                return new Outcome<>(java.util.Collections.singletonList(task.apply(0)), null);
            } catch (RuntimeException e) {
                return new Outcome<>(java.util.Collections.singletonList(null), e);
            }
        }
        List<Future<T>> futures = new ArrayList<>();
        try (ExecutorService exec = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(exec.submit(() -> task.apply(index)));
            }
        } // close() waits for every task
        List<T> results = new ArrayList<>();
        RuntimeException failure = null;
        for (Future<T> f : futures) {
            try {
                results.add(f.get());
            } catch (ExecutionException e) {
                results.add(null);
                if (failure == null) {
                    failure = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                }
            } catch (InterruptedException e) {
                throw new IllegalStateException("unreachable: all tasks are done", e);
            }
        }
        return new Outcome<>(results, failure);
    }
}
