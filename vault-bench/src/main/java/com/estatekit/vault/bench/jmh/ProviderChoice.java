package com.estatekit.vault.bench.jmh;

import com.estatekit.vault.adapter.kms.CryptoProviders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.Security;

/**
 * Puts a JMH fork on the provider a benchmark row claims, and proves it: {@code ACCP} runs
 * {@link CryptoProviders#install()} as the app does; {@code JDK} never calls it, and refuses to run
 * when ACCP is registered anyway. Every JMH parameter combination runs in its own forked JVM, so the
 * two never share a process.
 *
 * <p>The provider's full name (version, AWS-LC version) is appended to the file named by the system
 * property {@value #LOG_PROPERTY}, so the report can print exactly what each row ran on.
 */
final class ProviderChoice {

    static final String LOG_PROPERTY = "vault.bench.providerLog";
    private static final String ACCP_NAME = "AmazonCorrettoCryptoProvider";

    private ProviderChoice() {
    }

    /**
     * Installs (or deliberately does not install) ACCP and checks the outcome.
     *
     * @param wanted {@code ACCP} or {@code JDK}
     * @param benchmark the benchmark's name, for the provider log
     * @throws IllegalStateException when the active provider is not the one wanted
     */
    static CryptoProviders.Active select(String wanted, String benchmark) {
        CryptoProviders.Active active;
        switch (wanted) {
            case "ACCP" -> {
                active = CryptoProviders.install();
                if (active.kind() != CryptoProviders.Kind.ACCP) {
                    throw new IllegalStateException("ACCP was asked for but is not active: " + active.fallbackReason());
                }
            }
            case "JDK" -> {
                if (Security.getProvider(ACCP_NAME) != null) {
                    throw new IllegalStateException("the JDK-only fork has ACCP registered; it would not measure the JDK");
                }
                active = CryptoProviders.active();
                if (active.kind() != CryptoProviders.Kind.JDK) {
                    throw new IllegalStateException("the JDK-only fork answers ECDH with " + active.name());
                }
            }
            default -> throw new IllegalArgumentException("provider must be ACCP or JDK, was " + wanted);
        }
        log(benchmark + "\t" + wanted + "\t" + active.name());
        return active;
    }

    /** Records which provider a fork used; JMH forks are separate processes, so a file is the simple channel. */
    static void log(String line) {
        String file = System.getProperty(LOG_PROPERTY);
        if (file == null || file.isBlank()) {
            return;
        }
        try {
            Files.writeString(Path.of(file), line + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the provider log " + file, e);
        }
    }
}
