package com.estatekit.vault.domain.service;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Runs one step per batch item (one HPKE seal or open, which dominates a request's cost).
 *
 * <p>The calling thread always works through the batch itself. A big batch also borrows idle
 * helper threads (one per core beyond the first), but only ones that are idle right now: when the
 * server is already busy with many requests, every core has a request thread of its own, and
 * handing work between threads would only add overhead (measured: with parallel streams on the
 * common fork/join pool, 32 concurrent 100-item requests spent two thirds of their CPU in
 * work-stealing). So an idle server answers one big batch on every core, and a saturated one
 * spends its CPU on crypto.
 */
final class Batches {

    /** Below this many items a batch never borrows helpers. */
    static final int PARALLEL_THRESHOLD = 8;

    private static final int HELPERS = Math.max(0, Runtime.getRuntime().availableProcessors() - 1);
    private static final Semaphore IDLE_HELPERS = new Semaphore(HELPERS);
    private static final ExecutorService POOL = HELPERS == 0 ? null : Executors.newFixedThreadPool(HELPERS, runnable -> {
        Thread thread = new Thread(runnable, "vault-batch-helper");
        thread.setDaemon(true);
        return thread;
    });

    private Batches() {
    }

    /**
     * Applies {@code step} to every index and returns the results in index order. Returns only once
     * no thread works on the batch any more, so callers may release what the steps use.
     *
     * @throws RuntimeException the first failure of a step, after every other step has stopped
     */
    static <T> Object[] map(int size, IntFunction<T> step) {
        Object[] results = new Object[size];
        AtomicInteger next = new AtomicInteger();
        Runnable drain = () -> {
            for (int i = next.getAndIncrement(); i < size; i = next.getAndIncrement()) {
                results[i] = step.apply(i);
            }
        };
        List<Future<?>> helpers = borrowIdleHelpers(size, drain);
        RuntimeException failure = null;
        try {
            drain.run();
        } catch (RuntimeException e) {
            next.set(size); // helpers stop at their next item
            failure = e;
        }
        for (Future<?> helper : helpers) {
            RuntimeException helperFailure = awaitUninterruptibly(helper);
            if (failure == null) {
                failure = helperFailure;
            }
        }
        if (failure != null) {
            throw failure;
        }
        return results;
    }

    private static List<Future<?>> borrowIdleHelpers(int size, Runnable drain) {
        List<Future<?>> helpers = new ArrayList<>();
        if (size < PARALLEL_THRESHOLD || POOL == null) {
            return helpers;
        }
        int wanted = Math.min(HELPERS, size / PARALLEL_THRESHOLD);
        while (helpers.size() < wanted && IDLE_HELPERS.tryAcquire()) {
            helpers.add(POOL.submit(() -> {
                try {
                    drain.run();
                } finally {
                    IDLE_HELPERS.release();
                }
            }));
        }
        return helpers;
    }

    /** Waits for a helper (steps are short); keeps the interrupt for the caller. */
    private static RuntimeException awaitUninterruptibly(Future<?> helper) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    helper.get();
                    return null;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    return e.getCause() instanceof RuntimeException runtime ? runtime
                            : new IllegalStateException("batch step failed", e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
