package dev.homeport.ecs.runner;

import dev.homeport.ecs.EcsErrors;
import dev.homeport.ecs.EcsRepository;
import dev.homeport.ecs.model.Task;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.UnaryOperator;

/**
 * The record writer of one task: the only code that stores changes to a task once RunTask recorded it. It keeps
 * the task as last stored, so a change is applied to that (no read and parse of the row per change) and a change
 * that changes nothing is not written. Changes are applied one at a time, in the order they arrive, whichever
 * thread makes them (the task's own thread, a StopTask), so neither overwrites the other.
 *
 * <p>Two ways to save a round trip to the disk on the way to RUNNING, each used where the runner knows it is safe:
 * {@link #updateInBackground} lets the driver work while a state is being written (the next update waits for it),
 * and {@link #carry} adds a change to the next write instead of writing it on its own. Thread-safe.
 */
final class TaskRecord {
    private final String taskArn;
    private final EcsRepository repository;
    private final Executor background;
    private Task current; // guarded by this
    private UnaryOperator<Task> carried; // guarded by this
    private CompletableFuture<Void> inFlight; // written by the task's thread only

    TaskRecord(String taskArn, EcsRepository repository, Executor background) {
        this.taskArn = taskArn;
        this.repository = repository;
        this.background = background;
    }

    /** The task as last stored. */
    synchronized Task current() {
        if (current == null) {
            current = repository.task(taskArn).orElseThrow(EcsErrors::taskNotFound);
        }
        return current;
    }

    /**
     * Applies {@code change} (and whatever was {@link #carry carried}) to the task as stored, and stores the
     * result unless it equals the task as it was.
     *
     * @return the task as stored now
     */
    Task update(UnaryOperator<Task> change) {
        settle();
        return apply(change);
    }

    /** {@link #update} on another thread; the next update of this record waits for it first. */
    void updateInBackground(UnaryOperator<Task> change) {
        settle();
        inFlight = CompletableFuture.runAsync(() -> apply(change), background);
    }

    /** Adds {@code change} to the next write, which then happens even if nothing else changes. */
    synchronized void carry(UnaryOperator<Task> change) {
        UnaryOperator<Task> before = carried;
        carried = before == null ? change : t -> change.apply(before.apply(t));
    }

    /** True when a carried change waits for the next write. */
    synchronized boolean carrying() {
        return carried != null;
    }

    /** Waits for the write in the background, if any; rethrows its failure. */
    void settle() {
        CompletableFuture<Void> f = inFlight;
        if (f == null) {
            return;
        }
        inFlight = null;
        try {
            f.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private synchronized Task apply(UnaryOperator<Task> change) {
        Task before = current();
        Task after = change.apply(before);
        if (carried != null) {
            after = carried.apply(after);
            carried = null;
        }
        if (!after.equals(before)) {
            after = after.with(b -> b.version(before.version() == null ? 1 : before.version() + 1));
            repository.updateTask(after);
            current = after;
        }
        return current;
    }
}
