package com.estatekit.vault.domain.service;

import java.util.function.IntFunction;
import java.util.stream.IntStream;

/**
 * Runs one step per batch item. Big batches use every core, since the per-item cost (one HPKE
 * seal or open) dominates a request; small ones stay on the caller's thread, where the hand-off
 * would cost more than it saves.
 */
final class Batches {

    /** Below this many items a batch runs on the calling thread. */
    static final int PARALLEL_THRESHOLD = 8;

    private Batches() {
    }

    /** Applies {@code step} to every index and returns the results in index order. */
    static <T> Object[] map(int size, IntFunction<T> step) {
        IntStream indexes = IntStream.range(0, size);
        if (size >= PARALLEL_THRESHOLD) {
            indexes = indexes.parallel();
        }
        return indexes.mapToObj(step).toArray();
    }
}
