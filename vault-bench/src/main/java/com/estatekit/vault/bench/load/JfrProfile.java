package com.estatekit.vault.bench.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the app's CPU went during a phase, from a JDK Flight Recorder file: Java execution samples
 * ({@code jdk.ExecutionSample}) plus native samples whose top frame is ACCP's JNI code (the AWS-LC
 * crypto runs in native code, which JFR samples as {@code jdk.NativeMethodSample}; other native
 * samples are threads waiting in epoll, socket reads or parking, and are not CPU). Both are taken
 * every 10 ms by the settings of {@link #settingsFile}.
 *
 * <p>Each sample is put in the category of the innermost frame that belongs to a known library,
 * e.g. a {@code BigInteger} frame under Tink's key-pair check counts as "private-key import".
 */
public final class JfrProfile {

    /** Category rules, tried on each frame from the innermost outwards; first frame that matches wins. */
    private static final Map<String, String> RULES = new LinkedHashMap<>();

    static {
        RULES.put("com.google.crypto.tink.internal.EllipticCurvesUtil.multiplyByGenerator", "private-key import (Tink key-pair check, BigInteger)");
        RULES.put("com.google.crypto.tink.hybrid.HpkePrivateKey", "private-key import (Tink key-pair check, BigInteger)");
        RULES.put("com.estatekit.vault.adapter.kms.HpkeCipher.derivePoint", "private-key import (Tink key-pair check, BigInteger)");
        RULES.put("com.amazon.corretto", "HPKE crypto (Tink + ACCP)");
        RULES.put("com.google.crypto.tink", "HPKE crypto (Tink + ACCP)");
        RULES.put("com.estatekit.vault.adapter.kms.DevKeyVault", "dev KMS (unwrap, key generation)");
        RULES.put("sun.security.ec", "JDK EC crypto (SunEC)");
        RULES.put("com.sun.crypto.provider", "JDK symmetric crypto (SunJCE)");
        RULES.put("com.nimbusds", "JWT verification (Nimbus)");
        RULES.put("tools.jackson", "JSON (Jackson)");
        RULES.put("ch.qos.logback", "logging (audit line)");
        RULES.put("org.slf4j", "logging (audit line)");
        RULES.put("org.postgresql", "database (JDBC, Hibernate, Hikari)");
        RULES.put("org.hibernate", "database (JDBC, Hibernate, Hikari)");
        RULES.put("com.zaxxer.hikari", "database (JDBC, Hibernate, Hikari)");
        RULES.put("io.micrometer", "metrics (Micrometer)");
        RULES.put("org.eclipse.jetty", "HTTP server (Jetty, Javalin)");
        RULES.put("io.javalin", "HTTP server (Jetty, Javalin)");
        RULES.put("com.estatekit.vault.domain.model.SealedValue", "ciphertext format (SealedValue)");
        RULES.put("com.estatekit.vault.domain", "vault domain (use cases)");
        RULES.put("com.estatekit.vault.adapter.http", "vault HTTP adapter");
        RULES.put("com.estatekit.vault.adapter.postgres", "database (JDBC, Hibernate, Hikari)");
        RULES.put("java.util.stream", "parallel batch (fork/join, streams)");
        RULES.put("java.util.concurrent.ForkJoin", "parallel batch (fork/join, streams)");
    }

    private JfrProfile() {
    }

    /** A custom JFR settings file: only the two CPU samplers, both every 10 ms. */
    public static Path settingsFile(Path directory) throws IOException {
        Path file = directory.resolve("vault-bench.jfc");
        Files.writeString(file, """
                <?xml version="1.0" encoding="UTF-8"?>
                <configuration version="2.0" label="vault-bench" description="CPU sampling for the vault load benchmark">
                  <event name="jdk.ExecutionSample"><setting name="enabled">true</setting><setting name="period">10 ms</setting></event>
                  <event name="jdk.NativeMethodSample"><setting name="enabled">true</setting><setting name="period">10 ms</setting></event>
                  <event name="jdk.GarbageCollection"><setting name="enabled">true</setting><setting name="threshold">0 ms</setting></event>
                </configuration>
                """, StandardCharsets.UTF_8);
        return file;
    }

    /** The JVM option that records the app with those settings until it exits. */
    public static String jvmOption(Path recording, Path settings) {
        return "-XX:StartFlightRecording=filename=" + recording.toAbsolutePath() + ",settings=" + settings.toAbsolutePath()
                + ",dumponexit=true";
    }

    /** Samples in a window, by category, by top frame and by kind of thread. */
    public record Profile(String label, long samples, Map<String, Long> categories, Map<String, Long> topFrames,
            Map<String, Long> threads, double gcPauseMillis) {
    }

    /** Reads {@code recording} and summarises the samples between {@code from} and {@code to}. */
    public static Profile summarise(Path recording, String label, Instant from, Instant to) throws IOException {
        Map<String, Long> categories = new HashMap<>();
        Map<String, Long> frames = new HashMap<>();
        Map<String, Long> threads = new HashMap<>();
        long samples = 0;
        double gcMillis = 0;
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                Instant at = event.getStartTime();
                if (at.isBefore(from) || at.isAfter(to)) {
                    continue;
                }
                String type = event.getEventType().getName();
                if (type.equals("jdk.GarbageCollection")) {
                    gcMillis += event.getDuration("sumOfPauses").toNanos() / 1e6;
                    continue;
                }
                boolean nativeSample = type.equals("jdk.NativeMethodSample");
                if (!nativeSample && !type.equals("jdk.ExecutionSample")) {
                    continue;
                }
                RecordedStackTrace stack = event.getStackTrace();
                if (stack == null || stack.getFrames().isEmpty()) {
                    continue;
                }
                List<String> names = new ArrayList<>();
                for (RecordedFrame frame : stack.getFrames()) {
                    RecordedMethod method = frame.getMethod();
                    names.add(method.getType().getName() + "." + method.getName());
                }
                if (nativeSample && !names.get(0).startsWith("com.amazon.corretto")) {
                    continue; // a thread waiting in native code, not using CPU
                }
                samples++;
                categories.merge(categorise(names), 1L, Long::sum);
                frames.merge(names.get(0), 1L, Long::sum);
                threads.merge(threadGroup(event), 1L, Long::sum);
            }
        }
        return new Profile(label, samples, sortedDescending(categories, 100), sortedDescending(frames, 12),
                sortedDescending(threads, 6), gcMillis);
    }

    /** A thread's name without its number: {@code JettyServerThreadPool}, {@code ForkJoinPool.commonPool-worker}. */
    static String threadGroup(RecordedEvent event) {
        jdk.jfr.consumer.RecordedThread thread = event.getThread("sampledThread");
        String name = thread == null ? null : thread.getJavaName();
        if (name == null) {
            return "?";
        }
        return name.replaceAll("[-_ ]?\\d+$", "");
    }

    /** The category of the innermost frame that matches a rule, else "JDK and other". */
    static String categorise(List<String> framesInnermostFirst) {
        for (String frame : framesInnermostFirst) {
            for (Map.Entry<String, String> rule : RULES.entrySet()) {
                if (frame.startsWith(rule.getKey())) {
                    return rule.getValue();
                }
            }
        }
        return "JDK and other";
    }

    private static Map<String, Long> sortedDescending(Map<String, Long> counts, int limit) {
        Map<String, Long> sorted = new LinkedHashMap<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(limit)
                .forEach(entry -> sorted.put(entry.getKey(), entry.getValue()));
        return sorted;
    }
}
