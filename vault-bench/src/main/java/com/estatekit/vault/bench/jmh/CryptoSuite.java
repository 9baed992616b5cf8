package com.estatekit.vault.bench.jmh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import com.estatekit.vault.bench.load.CpuMeter;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the JMH benchmarks of the crypto core through JMH's Runner API with short settings (one fork
 * per parameter combination, a few one-second iterations), single-threaded and on all cores, and
 * returns the rows for the report. Every benchmark of {@link HpkeBenchmark} and
 * {@link KeyUnwrapBenchmark} proves its provider in its fork (see {@link ProviderChoice}).
 */
public final class CryptoSuite {

    private static final String PACKAGE = CryptoSuite.class.getPackageName() + ".";

    /** How long to run each benchmark. */
    public record Settings(int warmupIterations, int allCoresWarmupIterations, int measurementIterations, TimeValue iterationTime,
            Path workDirectory, List<String> jvmArgs) {

        /**
         * 2 warm-up iterations single-threaded, 4 on all cores (there the JIT compiler threads compete
         * with the benchmark threads for the two cores, and the first seconds still climb), then 4
         * measured iterations of 1 s.
         */
        public static Settings defaults(Path workDirectory) {
            return new Settings(2, 4, 4, TimeValue.seconds(1), workDirectory, List.of("-Xms1g", "-Xmx1g"));
        }

        /** For a smoke test. */
        public Settings quick() {
            return new Settings(1, 1, 1, TimeValue.milliseconds(300), workDirectory, jvmArgs);
        }
    }

    /**
     * One result row.
     *
     * @param benchmark class name without package, e.g. {@code HpkeBenchmark}
     * @param operation method, e.g. {@code seal}
     * @param provider {@code ACCP}, {@code JDK}, {@code BC} or {@code -}
     * @param bytes plaintext size, or {@code -}
     * @param threads threads JMH ran
     * @param opsPerSecond total over all threads
     * @param error the 99.9% confidence half-width JMH reports (NaN with a single iteration)
     */
    public record Row(String benchmark, String operation, String provider, String bytes, int threads, double opsPerSecond,
            double error) {

        /** Average time one operation took on one thread, in microseconds. */
        public double microsPerOp() {
            return threads * 1e6 / opsPerSecond;
        }
    }

    /**
     * The rows, the full provider name behind each label, the runs that gave no result, and how many
     * cores other processes kept busy meanwhile on average (noise: this machine is shared).
     */
    public record Result(List<Row> rows, Map<String, String> providerNames, List<String> missing, int threads, Path jsonFiles,
            double foreignCores, double minutes, Settings settings) {
    }

    private CryptoSuite() {
    }

    public static Result run(Settings settings) throws RunnerException, IOException {
        Files.createDirectories(settings.workDirectory());
        Path providerLog = settings.workDirectory().resolve("jmh-providers.tsv");
        Files.deleteIfExists(providerLog);
        List<Row> rows = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        int cores = Runtime.getRuntime().availableProcessors();
        long[] cpuFrom = CpuMeter.foreignSnapshot();
        long started = System.nanoTime();

        // Single-threaded: HPKE at every size on every provider; the format at 64 bytes; key unwrap and import.
        run(settings, providerLog, "single", 1, rows, missing, 22, options -> options
                .include(PACKAGE + "HpkeBenchmark\\.")
                .include(PACKAGE + "BouncyCastleHpkeBenchmark\\.")
                .include(PACKAGE + "SealedValueBenchmark\\.")
                .include(PACKAGE + "KeyUnwrapBenchmark\\."));
        // All cores: everything at the brief's 64-byte reference size.
        run(settings, providerLog, "all-cores", Threads.MAX, rows, missing, 10, options -> options
                .include(PACKAGE + "HpkeBenchmark\\.")
                .include(PACKAGE + "BouncyCastleHpkeBenchmark\\.")
                .include(PACKAGE + "SealedValueBenchmark\\.")
                .include(PACKAGE + "KeyUnwrapBenchmark\\.")
                .param("bytes", "64"));

        Map<String, String> names = new LinkedHashMap<>();
        if (Files.exists(providerLog)) {
            for (String line : Files.readAllLines(providerLog)) {
                String[] fields = line.split("\t");
                if (fields.length == 3) {
                    names.putIfAbsent(fields[1], fields[2]);
                }
            }
        }
        return new Result(List.copyOf(rows), names, List.copyOf(missing), cores, settings.workDirectory(),
                CpuMeter.foreignCores(cpuFrom), (System.nanoTime() - started) / 60e9, settings);
    }

    private interface Selection {
        ChainedOptionsBuilder apply(ChainedOptionsBuilder options);
    }

    private static void run(Settings settings, Path providerLog, String name, int threads, List<Row> rows, List<String> missing,
            int expected, Selection selection) throws RunnerException {
        List<String> jvmArgs = new ArrayList<>(settings.jvmArgs());
        jvmArgs.add("-D" + ProviderChoice.LOG_PROPERTY + "=" + providerLog.toAbsolutePath());
        ChainedOptionsBuilder options = selection.apply(new OptionsBuilder())
                .forks(1)
                .threads(threads)
                .warmupIterations(threads == 1 ? settings.warmupIterations() : settings.allCoresWarmupIterations())
                .warmupTime(settings.iterationTime())
                .measurementIterations(settings.measurementIterations())
                .measurementTime(settings.iterationTime())
                .jvmArgs(jvmArgs.toArray(String[]::new))
                .shouldFailOnError(false)
                .resultFormat(ResultFormatType.JSON)
                .result(settings.workDirectory().resolve("jmh-" + name + ".json").toString());
        Collection<RunResult> results = new Runner(options.build()).run();
        for (RunResult result : results) {
            BenchmarkParams params = result.getParams();
            String full = params.getBenchmark();
            String method = full.substring(full.lastIndexOf('.') + 1);
            String type = full.substring(0, full.lastIndexOf('.'));
            String benchmark = type.substring(type.lastIndexOf('.') + 1);
            String provider = switch (benchmark) {
                case "BouncyCastleHpkeBenchmark" -> "BC";
                case "SealedValueBenchmark" -> "-";
                default -> params.getParam("provider");
            };
            String bytes = params.getParam("bytes");
            rows.add(new Row(benchmark, method, provider, bytes == null ? "-" : bytes, params.getThreads(),
                    result.getPrimaryResult().getScore(), result.getPrimaryResult().getScoreError()));
        }
        if (results.size() < expected) {
            missing.add(name + ": " + (expected - results.size()) + " of " + expected + " benchmarks gave no result (see the JMH log)");
        }
    }
}
