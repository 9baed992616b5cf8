package com.estatekit.vault.bench.load;

import com.estatekit.vault.adapter.kms.CryptoProviders;
import com.estatekit.vault.adapter.kms.HpkeCipher;
import com.estatekit.vault.bench.BenchKeys;
import com.estatekit.vault.domain.model.Plaintext;
import com.estatekit.vault.domain.model.PrivateKeyMaterial;
import com.estatekit.vault.domain.model.SealedValue;
import com.estatekit.vault.domain.port.out.Cipher;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * The raw HPKE rate the load results are compared with: {@link HpkeCipher} seal or open of the
 * load benchmark's strings, in the load generator's JVM, on the app's provider (ACCP), in a timed
 * loop on every core, with no HTTP, JSON, auth or database around it.
 */
public final class RawCryptoRate implements AutoCloseable {

    /** Which operation. */
    public enum Operation { SEAL, OPEN }

    private final BenchKeys keys;
    private final Cipher.Sealer sealer;
    private final Cipher.Opener opener;
    private final Plaintext plaintext;
    private final SealedValue sealed;
    private final String provider;

    /**
     * @param text a string like the ones the load benchmark sends
     * @throws IllegalStateException when ACCP is not active (the comparison would be unfair to the app)
     */
    public RawCryptoRate(String text) {
        CryptoProviders.Active active = CryptoProviders.install();
        if (active.kind() != CryptoProviders.Kind.ACCP) {
            throw new IllegalStateException("the raw rate must use the app's provider (ACCP), but ACCP is not active: "
                    + active.fallbackReason());
        }
        provider = active.name();
        keys = new BenchKeys();
        HpkeCipher cipher = new HpkeCipher();
        sealer = cipher.sealer(BenchKeys.USER, BenchKeys.VERSION, keys.pair.publicKey());
        try (PrivateKeyMaterial key = keys.kms.unwrap(BenchKeys.USER, BenchKeys.VERSION, keys.pair.wrappedPrivateKey())) {
            opener = cipher.opener(BenchKeys.USER, BenchKeys.VERSION, key);
        }
        plaintext = Plaintext.ofString(text);
        sealed = sealer.seal(plaintext);
        Optional<Plaintext> back = opener.open(sealed);
        if (back.isEmpty() || !back.get().asString().equals(text)) {
            throw new IllegalStateException("raw HPKE round trip failed");
        }
    }

    public String provider() {
        return provider;
    }

    /** Operations per second summed over {@code threads} threads, counted in the window after the warm-up. */
    public double measure(Operation operation, int threads, Duration warmup, Duration window) throws InterruptedException {
        long start = System.nanoTime() + 20_000_000L;
        long from = start + warmup.toNanos();
        long to = from + window.toNanos();
        long[] counts = new long[threads * 16]; // one padded slot per thread
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            int slot = t * 16;
            Thread thread = new Thread(() -> {
                try {
                    while (System.nanoTime() < start) {
                        Thread.onSpinWait();
                    }
                    long count = 0;
                    while (System.nanoTime() < to) {
                        if (operation == Operation.SEAL) {
                            if (sealer.seal(plaintext) == null) {
                                throw new IllegalStateException("seal returned nothing");
                            }
                        } else if (opener.open(sealed).isEmpty()) {
                            throw new IllegalStateException("open failed");
                        }
                        long finished = System.nanoTime();
                        if (finished >= from && finished <= to) {
                            count++;
                        }
                    }
                    counts[slot] = count;
                } finally {
                    done.countDown();
                }
            }, "raw-hpke-" + t);
            thread.setDaemon(true);
            thread.start();
        }
        done.await();
        long total = 0;
        for (int t = 0; t < threads; t++) {
            total += counts[t * 16];
        }
        return total / (window.toNanos() / 1e9);
    }

    @Override
    public void close() {
        plaintext.close();
        keys.close();
    }
}
