package com.estatekit.vault.domain.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BatchesTest {

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void results_come_back_in_index_order() {
        Object[] results = Batches.map(1000, i -> "item-" + i);

        for (int i = 0; i < results.length; i++) {
            assertThat(results[i]).isEqualTo("item-" + i);
        }
    }

    @Test
    void an_idle_process_spreads_a_big_batch_over_every_core() {
        Set<String> threads = ConcurrentHashMap.newKeySet();

        Batches.map(64, i -> {
            threads.add(Thread.currentThread().getName());
            pause(2);
            return i;
        });

        int cores = Runtime.getRuntime().availableProcessors();
        assertThat(threads).hasSize(Math.min(cores, 64 / Batches.PARALLEL_THRESHOLD));
        assertThat(threads).contains(Thread.currentThread().getName());
    }

    @Test
    void a_small_batch_stays_on_the_calling_thread() {
        Set<String> threads = ConcurrentHashMap.newKeySet();

        Batches.map(Batches.PARALLEL_THRESHOLD - 1, i -> threads.add(Thread.currentThread().getName()));

        assertThat(threads).containsExactly(Thread.currentThread().getName());
    }

    @Test
    void a_failing_step_fails_the_batch_and_nothing_runs_after_it_returns() {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger startedAfterReturn = new AtomicInteger();
        AtomicInteger returned = new AtomicInteger();

        assertThatThrownBy(() -> Batches.map(200, i -> {
            if (returned.get() == 1) {
                startedAfterReturn.incrementAndGet();
            }
            running.incrementAndGet();
            try {
                pause(1);
                if (i == 17) {
                    throw new IllegalArgumentException("step 17 failed");
                }
                return i;
            } finally {
                running.decrementAndGet();
            }
        })).isInstanceOf(IllegalArgumentException.class).hasMessage("step 17 failed");
        returned.set(1);

        assertThat(running).hasValue(0);
        pause(20);
        assertThat(startedAfterReturn).hasValue(0);
    }
}
