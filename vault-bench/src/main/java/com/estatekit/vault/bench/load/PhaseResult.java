package com.estatekit.vault.bench.load;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * One timed phase of the load benchmark: what it drove, what succeeded inside the measurement
 * window, and every error of the whole phase (warm-up included), by reason.
 *
 * @param operation e.g. {@code encrypt}
 * @param batch strings per request
 * @param clients concurrent clients
 * @param seconds length of the measurement window
 * @param requests successful requests completed inside the window
 * @param strings strings in those requests
 * @param errors failed requests or checks over the whole phase
 * @param errorReasons errors by reason
 * @param latency latency of the successful requests inside the window
 * @param cpu average busy cores inside the window
 * @param kmsCalls KMS calls the app made during the phase (all operations), -1 when unknown
 * @param from start of the measurement window
 * @param to end of the measurement window
 */
public record PhaseResult(String operation, int batch, int clients, double seconds, long requests, long strings, long errors,
        Map<String, Long> errorReasons, Latencies.Summary latency, CpuMeter.Usage cpu, long kmsCalls, Instant from, Instant to) {

    public PhaseResult {
        errorReasons = Map.copyOf(new TreeMap<>(errorReasons));
    }

    public double requestsPerSecond() {
        return seconds > 0 ? requests / seconds : 0;
    }

    public double stringsPerSecond() {
        return seconds > 0 ? strings / seconds : 0;
    }

    /** The same phase with spot-check failures added to its errors, and its KMS count. */
    public PhaseResult withSpotCheckErrors(Map<String, Long> more) {
        Map<String, Long> reasons = new TreeMap<>(errorReasons);
        long added = 0;
        for (Map.Entry<String, Long> entry : more.entrySet()) {
            reasons.merge("spot check: " + entry.getKey(), entry.getValue(), Long::sum);
            added += entry.getValue();
        }
        return new PhaseResult(operation, batch, clients, seconds, requests, strings, errors + added, reasons, latency, cpu,
                kmsCalls, from, to);
    }

    public PhaseResult withKmsCalls(long calls) {
        return new PhaseResult(operation, batch, clients, seconds, requests, strings, errors, errorReasons, latency, cpu, calls,
                from, to);
    }

    /** One progress line. */
    public String describe() {
        return String.format(java.util.Locale.ROOT, "%-10s batch %3d clients %2d: %8.1f req/s %9.1f strings/s p50 %7.2f ms p99 %7.2f ms errors %d kms %d",
                operation, batch, clients, requestsPerSecond(), stringsPerSecond(), latency.p50(), latency.p99(), errors, kmsCalls)
                + (errorReasons.isEmpty() ? "" : " " + errorReasons);
    }

    /** {@code encrypt 100×32}. */
    public String label() {
        return operation + " " + batch + "×" + clients;
    }
}
