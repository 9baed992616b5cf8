package com.estatekit.vault.bench.load;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Drives one phase: {@code clients} threads, each calling the API in a closed loop (next request
 * when the previous answered) for a warm-up and then a measurement window, and stops by itself.
 * Only requests that passed their check and completed inside the measurement window count as
 * throughput and latency samples; every error of the phase is counted by reason.
 */
public final class PhaseRunner {

    /** One request and its check; returns the number of strings it handled. */
    @FunctionalInterface
    public interface Call {
        int run(int client, long sequence) throws BadResponse, IOException, InterruptedException;
    }

    private PhaseRunner() {
    }

    /**
     * Runs the phase and returns when every client stopped.
     *
     * @param threadDone run on each client thread when it stops (e.g. to close its connection)
     */
    public static PhaseResult run(String operation, int batch, int clients, Duration warmup, Duration measure, CpuMeter cpu,
            Runnable threadDone, Call call) throws InterruptedException {
        long start = System.nanoTime() + 50_000_000L; // all threads ready before the clock starts
        long measureFrom = start + warmup.toNanos();
        long end = measureFrom + measure.toNanos();
        Worker[] workers = new Worker[clients];
        List<Thread> threads = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(clients);
        for (int c = 0; c < clients; c++) {
            Worker worker = new Worker(c, start, measureFrom, end, call, threadDone, done);
            workers[c] = worker;
            Thread thread = new Thread(worker, "load-" + operation + "-" + c);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        sleepUntil(measureFrom);
        CpuMeter.Snapshot cpuFrom = cpu.snapshot();
        Instant from = Instant.now();
        sleepUntil(end);
        CpuMeter.Snapshot cpuTo = cpu.snapshot();
        Instant to = Instant.now();
        done.await();

        Latencies latencies = new Latencies();
        long requests = 0;
        long strings = 0;
        long errors = 0;
        Map<String, Long> reasons = new HashMap<>();
        for (Worker worker : workers) {
            latencies.merge(worker.latencies);
            requests += worker.requests;
            strings += worker.strings;
            for (Map.Entry<String, Long> reason : worker.errors.entrySet()) {
                reasons.merge(reason.getKey(), reason.getValue(), Long::sum);
                errors += reason.getValue();
            }
        }
        return new PhaseResult(operation, batch, clients, measure.toNanos() / 1e9, requests, strings, errors, reasons,
                latencies.summary(), CpuMeter.between(cpuFrom, cpuTo), -1, from, to);
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            Thread.sleep(Math.max(1, left / 1_000_000), 0);
        }
    }

    private static final class Worker implements Runnable {
        private final int client;
        private final long start;
        private final long measureFrom;
        private final long end;
        private final Call call;
        private final Runnable threadDone;
        private final CountDownLatch done;
        final Latencies latencies = new Latencies();
        final Map<String, Long> errors = new HashMap<>();
        long requests;
        long strings;

        Worker(int client, long start, long measureFrom, long end, Call call, Runnable threadDone, CountDownLatch done) {
            this.client = client;
            this.start = start;
            this.measureFrom = measureFrom;
            this.end = end;
            this.call = call;
            this.threadDone = threadDone;
            this.done = done;
        }

        @Override
        public void run() {
            try {
                sleepUntil(start);
                long sequence = 0;
                while (true) {
                    long t0 = System.nanoTime();
                    if (t0 >= end) {
                        break;
                    }
                    try {
                        int handled = call.run(client, sequence++);
                        long t1 = System.nanoTime();
                        if (t1 >= measureFrom && t1 <= end) {
                            latencies.record(t1 - t0);
                            requests++;
                            strings += handled;
                        }
                    } catch (BadResponse bad) {
                        errors.merge(bad.getMessage(), 1L, Long::sum);
                    } catch (IOException io) {
                        errors.merge("I/O error: " + io.getClass().getSimpleName(), 1L, Long::sum);
                    } catch (RuntimeException unexpected) {
                        errors.merge("client exception: " + unexpected.getClass().getSimpleName(), 1L, Long::sum);
                    }
                }
            } catch (InterruptedException stop) {
                Thread.currentThread().interrupt();
            } finally {
                try {
                    threadDone.run();
                } finally {
                    done.countDown();
                }
            }
        }
    }
}
