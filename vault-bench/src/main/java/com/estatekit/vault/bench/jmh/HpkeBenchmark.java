package com.estatekit.vault.bench.jmh;

import com.estatekit.vault.bench.BenchKeys;
import com.estatekit.vault.adapter.kms.HpkeCipher;
import com.estatekit.vault.domain.model.Plaintext;
import com.estatekit.vault.domain.model.PrivateKeyMaterial;
import com.estatekit.vault.domain.model.SealedValue;
import com.estatekit.vault.domain.port.out.Cipher;
import java.util.Optional;
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
 * The vault's own {@link HpkeCipher} (Tink HPKE, P-256 / HKDF-SHA256 / AES-256-GCM): one seal and
 * one open per operation, as the encrypt and decrypt use cases do per string, with the sealer and
 * opener built once (as for one batch). {@code provider} chooses ACCP or the JDK's own P-256
 * (see {@link ProviderChoice}); JMH runs each combination in its own JVM.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class HpkeBenchmark {

    @Param({"ACCP", "JDK"})
    public String provider;

    @Param({"16", "64", "1024"})
    public int bytes;

    private BenchKeys keys;
    private Cipher.Sealer sealer;
    private Cipher.Opener opener;
    private Plaintext plaintext;
    private SealedValue sealed;

    @Setup(Level.Trial)
    public void setUp() {
        ProviderChoice.select(provider, "HpkeBenchmark");
        keys = new BenchKeys();
        HpkeCipher cipher = new HpkeCipher();
        sealer = cipher.sealer(BenchKeys.USER, BenchKeys.VERSION, keys.pair.publicKey());
        try (PrivateKeyMaterial privateKey = keys.kms.unwrap(BenchKeys.USER, BenchKeys.VERSION, keys.pair.wrappedPrivateKey())) {
            opener = cipher.opener(BenchKeys.USER, BenchKeys.VERSION, privateKey);
        }
        String text = BenchKeys.text(bytes);
        plaintext = Plaintext.ofString(text);
        sealed = sealer.seal(plaintext);
        Optional<Plaintext> back = opener.open(sealed);
        if (back.isEmpty() || !back.get().asString().equals(text)) {
            throw new IllegalStateException("HPKE round trip failed in set-up");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        plaintext.close();
        keys.close();
    }

    @Benchmark
    public SealedValue seal() {
        return sealer.seal(plaintext);
    }

    @Benchmark
    public Optional<Plaintext> open() {
        return opener.open(sealed);
    }
}
