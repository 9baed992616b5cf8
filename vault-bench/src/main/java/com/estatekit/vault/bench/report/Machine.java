package com.estatekit.vault.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What the benchmarks ran on: cores, CPU model, memory, OS and Java, read from the JVM and
 * {@code /proc}.
 *
 * @param cores {@code nproc}: processors available to the JVM
 */
public record Machine(int cores, String cpuModel, String memory, String os, String java, String postgres) {

    public static Machine current(String postgresVersion) {
        String java = System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + " ("
                + System.getProperty("java.vendor") + ")";
        return new Machine(Runtime.getRuntime().availableProcessors(), readCpuModel(), readMemory(),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"), java,
                postgresVersion == null ? "unknown" : postgresVersion);
    }

    private static String readCpuModel() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
            String model = lines.stream().filter(line -> line.startsWith("model name")).map(line -> line.substring(line.indexOf(':') + 1).trim())
                    .findFirst().orElse("unknown");
            String mhz = lines.stream().filter(line -> line.startsWith("cpu MHz")).map(line -> line.substring(line.indexOf(':') + 1).trim())
                    .findFirst().orElse(null);
            String flags = lines.stream().filter(line -> line.startsWith("flags")).findFirst().orElse("");
            String extras = (flags.contains(" adx") ? " adx" : "") + (flags.contains(" bmi2") ? " bmi2" : "")
                    + (flags.contains(" aes") ? " aes-ni" : "") + (flags.contains(" avx2") ? " avx2" : "")
                    + (flags.contains(" avx512f") ? " avx512f" : "");
            return model + (mhz == null ? "" : " @ " + mhz + " MHz") + (extras.isEmpty() ? "" : " (" + extras.trim() + ")");
        } catch (IOException | RuntimeException notLinux) {
            return System.getProperty("os.arch");
        }
    }

    private static String readMemory() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(line -> line.startsWith("MemTotal"))
                    .map(line -> {
                        long kib = Long.parseLong(line.replaceAll("\\D+", ""));
                        return String.format("%.1f GiB", kib / 1024.0 / 1024.0);
                    }).findFirst().orElse("unknown");
        } catch (IOException | RuntimeException notLinux) {
            return "unknown";
        }
    }
}
