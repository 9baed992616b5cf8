package com.estatekit.vault.bench.jmh;

import com.estatekit.vault.bench.BenchKeys;
import com.estatekit.vault.adapter.kms.HpkeCipher;
import com.estatekit.vault.domain.model.PrivateKeyMaterial;
import com.estatekit.vault.domain.port.out.Cipher;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The private-key side of a decrypt request, on the app's provider (ACCP):
 * <ul>
 *   <li>{@code unwrap}: the dev KMS's {@code Decrypt} of the wrapped PKCS#8 key (AES-256-GCM with
 *       the encryption context as associated data). AWS KMS would add a network round trip; the
 *       app's key cache makes either rare.</li>
 *   <li>{@code importOpener}: turning the unwrapped key into an HPKE opener
 *       ({@link HpkeCipher#opener} without the opener cache: Tink checks the key pair with
 *       big-integer arithmetic). The app keeps openers for the key-cache TTL, so it pays this once
 *       per user and key version per TTL, like the KMS call.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class KeyUnwrapBenchmark {

    @Param({"ACCP"})
    public String provider;

    private BenchKeys keys;
    private HpkeCipher cipher;
    private PrivateKeyMaterial unwrapped;

    @Setup(Level.Trial)
    public void setUp() {
        ProviderChoice.select(provider, "KeyUnwrapBenchmark");
        keys = new BenchKeys();
        cipher = new HpkeCipher();
        unwrapped = keys.kms.unwrap(BenchKeys.USER, BenchKeys.VERSION, keys.pair.wrappedPrivateKey());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        unwrapped.close();
        keys.close();
    }

    @Benchmark
    public PrivateKeyMaterial unwrap() {
        try (PrivateKeyMaterial key = keys.kms.unwrap(BenchKeys.USER, BenchKeys.VERSION, keys.pair.wrappedPrivateKey())) {
            return key;
        }
    }

    @Benchmark
    public Cipher.Opener importOpener() {
        return cipher.opener(BenchKeys.USER, BenchKeys.VERSION, unwrapped);
    }
}
