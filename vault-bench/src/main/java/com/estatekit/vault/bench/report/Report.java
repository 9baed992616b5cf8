package com.estatekit.vault.bench.report;

import static com.estatekit.vault.bench.report.MarkdownTable.number;
import static com.estatekit.vault.bench.report.MarkdownTable.significant;

import com.estatekit.vault.bench.jmh.CryptoSuite;
import com.estatekit.vault.bench.load.CpuMeter;
import com.estatekit.vault.bench.load.JfrProfile;
import com.estatekit.vault.bench.load.LoadBenchmark;
import com.estatekit.vault.bench.load.PhaseResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Renders the benchmark results as Markdown. */
public final class Report {

    /** Throughput target: the end-to-end rate at saturation, as a share of the raw all-core HPKE rate. */
    public static final double THROUGHPUT_TARGET = 0.90;
    /** Latency target: an idle 100-string batch, as a multiple of the raw all-core time for 100 strings. */
    public static final double LATENCY_TARGET = 1.25;

    private Report() {
    }

    /** The whole generated document section. */
    public static String document(Machine machine, String command, String when, String commit, double wallMinutes,
            CryptoSuite.Result crypto, LoadBenchmark.Report load) {
        StringBuilder out = new StringBuilder();
        out.append("## Latest run\n\n");
        out.append("- When: ").append(when).append(", commit `").append(commit).append("`\n");
        out.append("- Command: `").append(command).append("` (wall time ").append(number(wallMinutes, 1))
                .append(" min, build included)\n");
        out.append("- Machine: ").append(machine.cores()).append(" cores (`nproc`), ").append(machine.cpuModel()).append(", ")
                .append(machine.memory()).append(" RAM, ").append(machine.os()).append('\n');
        out.append("- Java: ").append(machine.java()).append(" for the app, the load generator and the JMH forks\n");
        out.append("- PostgreSQL: ").append(machine.postgres()).append(" on the same machine (127.0.0.1:5432)\n\n");
        if (load != null) {
            out.append(targets(load)).append('\n');
            out.append(loadSection(load)).append('\n');
        }
        if (crypto != null) {
            out.append(cryptoSection(crypto));
        }
        return out.toString();
    }

    /** The brief's section 8 targets, measured against this run's own raw rate. */
    public static String targets(LoadBenchmark.Report load) {
        StringBuilder out = new StringBuilder("### Targets (brief section 8)\n\n");
        MarkdownTable table = MarkdownTable.of("target", ">measured", ">reference (same run)", ">ratio", "verdict");
        int maxClients = load.phases().stream().mapToInt(PhaseResult::clients).max().orElse(0);
        for (String operation : List.of("encrypt", "decrypt")) {
            double raw = operation.equals("encrypt") ? load.raw().seal() : load.raw().open();
            String rawName = operation.equals("encrypt") ? "seal" : "open";
            Optional<PhaseResult> saturated = phase(load, operation, 100, maxClients);
            if (saturated.isPresent()) {
                double rate = saturated.get().stringsPerSecond();
                double ratio = rate / raw;
                table.row(operation + " throughput, " + maxClients + " clients × 100 strings ≥ 90% of raw all-core " + rawName,
                        significant(rate) + " strings/s", significant(raw) + " " + rawName + "s/s", percent(ratio),
                        ratio >= THROUGHPUT_TARGET ? "met" : "missed by " + number((THROUGHPUT_TARGET - ratio) * 100, 1)
                                + " points (" + number(THROUGHPUT_TARGET * raw - rate, 0) + " strings/s short)");
            }
        }
        for (String operation : List.of("encrypt", "decrypt")) {
            double raw = operation.equals("encrypt") ? load.raw().seal() : load.raw().open();
            Optional<PhaseResult> idle = phase(load, operation, 100, 1);
            if (idle.isPresent()) {
                double rawMillis = 100 / raw * 1000;
                double p50 = idle.get().latency().p50();
                double limit = LATENCY_TARGET * rawMillis;
                table.row("idle " + operation + " of 100 strings (1 client, p50) ≤ 1.25 × raw all-core time for 100",
                        number(p50, 2) + " ms", "1.25 × " + number(rawMillis, 2) + " = " + number(limit, 2) + " ms",
                        number(p50 / rawMillis, 2) + "×",
                        p50 <= limit ? "met" : "missed by " + number(p50 - limit, 2) + " ms");
            }
        }
        long encryptKms = load.phases().stream().filter(p -> p.operation().equals("encrypt")).mapToLong(PhaseResult::kmsCalls).sum();
        table.row("KMS calls during all encrypt phases = 0", Long.toString(encryptKms), "0", "", encryptKms == 0 ? "met" : "MISSED");
        LoadBenchmark.DecryptKms kms = load.decryptKms();
        if (kms != null) {
            table.row("KMS calls during all decrypt phases ≤ 1 per user and version per TTL",
                    Long.toString(kms.calls()), "≤ " + kms.bound() + " (" + kms.users() + " users × 1 version, "
                            + number(kms.windowSeconds(), 0) + " s window, TTL " + kms.ttlSeconds() + " s)",
                    "", kms.calls() <= kms.bound() ? "met" : "MISSED");
        }
        out.append(table.render());
        return out.toString();
    }

    /** Raw rates, the load table, errors and the profile. */
    public static String loadSection(LoadBenchmark.Report load) {
        StringBuilder out = new StringBuilder();
        LoadBenchmark.RawRates raw = load.raw();
        out.append("### Raw HPKE rate in the load generator's JVM (").append(raw.provider()).append(", ").append(raw.threads())
                .append(" threads, ").append(LoadBenchmark.PLAINTEXT_BYTES).append("-byte strings)\n\n");
        out.append(MarkdownTable.of("operation", ">before the load (/s)", ">after the load (/s)", ">reference = higher (/s)",
                        ">100 strings on all cores (ms)")
                .row("seal", significant(raw.sealBefore()), significant(raw.sealAfter()), significant(raw.seal()),
                        number(100 / raw.seal() * 1000, 2))
                .row("open", significant(raw.openBefore()), significant(raw.openAfter()), significant(raw.open()),
                        number(100 / raw.open() * 1000, 2))
                .row("CPU cores busy: app / load gen / other", cpu(raw.cpuBefore()), cpu(raw.cpuAfter()), "", "")
                .render());
        out.append("\n### End to end (app in its own JVM: ").append(load.appJvmOptions()).append("; crypto provider ")
                .append(load.appProvider()).append(")\n\n");
        MarkdownTable table = MarkdownTable.of("operation", ">strings per request", ">clients", ">requests/s", ">strings/s",
                ">vs raw", ">p50 ms", ">p95 ms", ">p99 ms", ">errors", ">KMS calls", ">CPU cores busy: app / load gen / other");
        for (PhaseResult phase : load.phases()) {
            String versusRaw = "";
            if (phase.operation().equals("encrypt")) {
                versusRaw = percent(phase.stringsPerSecond() / raw.seal());
            } else if (phase.operation().equals("decrypt")) {
                versusRaw = percent(phase.stringsPerSecond() / raw.open());
            }
            table.row(phase.operation(), phase.batch(), phase.clients(), significant(phase.requestsPerSecond()),
                    significant(phase.stringsPerSecond()), versusRaw, number(phase.latency().p50(), 2),
                    number(phase.latency().p95(), 2), number(phase.latency().p99(), 2), phase.errors(),
                    phase.kmsCalls() < 0 ? "?" : Long.toString(phase.kmsCalls()), cpu(phase.cpu()));
        }
        out.append(table.render());
        out.append("\n\"vs raw\" is strings/s over the raw all-core rate above. Rotation re-encrypts the 20 values of a map ")
                .append("under a new key version (one KMS key-pair generation and one Decrypt each). KMS calls are the app's ")
                .append("`vault_kms_calls_total` (all operations) before and after each phase. CPU is from /proc over the ")
                .append("measurement window: the app process, this load generator, and everything else (mostly PostgreSQL).\n");
        List<String> errors = new ArrayList<>();
        for (PhaseResult phase : load.phases()) {
            for (Map.Entry<String, Long> reason : phase.errorReasons().entrySet()) {
                errors.add("- " + phase.label() + ": " + reason.getValue() + " × " + reason.getKey());
            }
        }
        out.append(errors.isEmpty() ? "\nEvery response passed its check (status, item count, format; sampled round trips).\n"
                : "\nErrors (never counted as throughput):\n\n" + String.join("\n", errors) + "\n");
        if (!load.profiles().isEmpty()) {
            out.append("\n### Where the app's CPU went (JFR samples of the app process)\n\n");
            out.append("JFR takes at most one native sample per 10 ms period (the AWS-LC work inside ACCP is native) but up to ")
                    .append("five Java samples, and samples runnable threads whether or not they hold a core, so Java-side work is ")
                    .append("over-represented next to the crypto; read the shares as where threads were, not as exact CPU time.\n\n");
            for (JfrProfile.Profile profile : load.profiles()) {
                out.append("**").append(profile.label()).append("**: ").append(profile.samples()).append(" samples, GC pauses ")
                        .append(number(profile.gcPauseMillis(), 0)).append(" ms in the window\n\n");
                MarkdownTable categories = MarkdownTable.of("category (innermost known frame)", ">samples", ">share");
                for (Map.Entry<String, Long> category : profile.categories().entrySet()) {
                    categories.row(category.getKey(), category.getValue(), percent((double) category.getValue() / profile.samples()));
                }
                out.append(categories.render());
                out.append("\nTop frames: ");
                List<String> frames = new ArrayList<>();
                for (Map.Entry<String, Long> frame : profile.topFrames().entrySet()) {
                    if (frames.size() == 6) {
                        break;
                    }
                    frames.add("`" + frame.getKey() + "` " + percent((double) frame.getValue() / profile.samples()));
                }
                out.append(String.join(", ", frames)).append(".\n\nThreads: ");
                List<String> threads = new ArrayList<>();
                for (Map.Entry<String, Long> thread : profile.threads().entrySet()) {
                    threads.add("`" + thread.getKey() + "` " + percent((double) thread.getValue() / profile.samples()));
                }
                out.append(String.join(", ", threads)).append(".\n\n");
            }
            if (load.recording() != null) {
                out.append("Recording: `").append(load.recording()).append("` (`jfr summary`, `jfr print --events jdk.ExecutionSample`).\n");
            }
        }
        return out.toString();
    }

    /** The JMH table. */
    public static String cryptoSection(CryptoSuite.Result crypto) {
        StringBuilder out = new StringBuilder("### Crypto core (JMH, throughput, one fork per row)\n\n");
        CryptoSuite.Settings settings = crypto.settings();
        out.append("One fork per row; ").append(settings.warmupIterations()).append(" warm-up iterations single-threaded, ")
                .append(settings.allCoresWarmupIterations()).append(" on all cores, then ").append(settings.measurementIterations())
                .append(" measured, each ").append(settings.iterationTime()).append("; ± is JMH's 99.9% confidence half-width ")
                .append("(wide with so few iterations). ")
                .append("The suite took ").append(number(crypto.minutes(), 1)).append(" min; other processes on this shared machine kept ")
                .append(Double.isNaN(crypto.foreignCores()) ? "an unknown number of" : number(crypto.foreignCores(), 2))
                .append(" of its ").append(crypto.threads()).append(" cores busy meanwhile on average.\n\n");
        MarkdownTable table = MarkdownTable.of("benchmark", "operation", "provider", ">bytes", ">threads", ">ops/s", ">± (99.9%)",
                ">µs per op per thread");
        List<CryptoSuite.Row> rows = new ArrayList<>(crypto.rows());
        rows.sort(Comparator.comparing(CryptoSuite.Row::benchmark).thenComparing(CryptoSuite.Row::operation)
                .thenComparing(CryptoSuite.Row::provider).thenComparing(row -> sizeKey(row.bytes())).thenComparing(CryptoSuite.Row::threads));
        for (CryptoSuite.Row row : rows) {
            table.row(row.benchmark(), row.operation(), row.provider(), row.bytes(), row.threads(), significant(row.opsPerSecond()),
                    Double.isNaN(row.error()) ? "" : significant(row.error()), significant(row.microsPerOp()));
        }
        out.append(table.render()).append('\n');
        out.append("Providers, as each fork reported after selecting it: ");
        List<String> names = new ArrayList<>();
        crypto.providerNames().forEach((label, name) -> names.add(label + " = " + name));
        out.append(names.isEmpty() ? "none reported" : String.join("; ", names)).append(". ");
        out.append("`JDK` forks never call `CryptoProviders.install()` and fail if ACCP is registered; `ACCP` forks fail unless ")
                .append("ACCP is active. `importOpener` is turning an unwrapped private key into an HPKE opener (Tink checks the ")
                .append("key pair), which the app pays once per user and key version per cache TTL; `unwrap` is the dev KMS's ")
                .append("Decrypt of the wrapped key.\n");
        for (String missing : crypto.missing()) {
            out.append("\n**Missing:** ").append(missing).append('\n');
        }
        return out.toString();
    }

    private static int sizeKey(String bytes) {
        try {
            return Integer.parseInt(bytes);
        } catch (NumberFormatException none) {
            return 0;
        }
    }

    private static Optional<PhaseResult> phase(LoadBenchmark.Report load, String operation, int batch, int clients) {
        return load.phases().stream().filter(p -> p.operation().equals(operation) && p.batch() == batch && p.clients() == clients)
                .findFirst();
    }

    private static String cpu(CpuMeter.Usage usage) {
        if (Double.isNaN(usage.total())) {
            return "?";
        }
        return String.format(Locale.ROOT, "%.2f / %.2f / %.2f", usage.app(), usage.generator(), usage.other());
    }

    static String percent(double ratio) {
        return Double.isNaN(ratio) || Double.isInfinite(ratio) ? "n/a" : number(ratio * 100, 1) + "%";
    }
}
