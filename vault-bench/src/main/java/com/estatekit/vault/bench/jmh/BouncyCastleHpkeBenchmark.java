package com.estatekit.vault.bench.jmh;

import com.estatekit.vault.bench.BenchKeys;
import com.estatekit.vault.domain.model.SealedValue;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.hpke.HPKE;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * For comparison only: Bouncy Castle's own HPKE (its lightweight API, pure Java, no JCE provider)
 * for the same suite, DHKEM(P-256, HKDF-SHA256) / HKDF-SHA256 / AES-256-GCM, with the vault's
 * {@code info} and an empty {@code aad}. An {@link HPKE} instance is not thread-safe, so each
 * thread has its own (and its own key pair).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class BouncyCastleHpkeBenchmark {

    private static final byte[] NO_AAD = new byte[0];

    @Param({"16", "64", "1024"})
    public int bytes;

    private HPKE hpke;
    private AsymmetricCipherKeyPair recipient;
    private AsymmetricKeyParameter publicKey;
    private byte[] info;
    private byte[] plaintext;
    private byte[] enc;
    private byte[] ct;

    @Setup(Level.Trial)
    public void setUp() throws InvalidCipherTextException {
        ProviderChoice.log("BouncyCastleHpkeBenchmark\tBC\tBouncy Castle " + new BouncyCastleProvider().getVersionStr()
                + " (lightweight HPKE API, pure Java)");
        hpke = new HPKE(HPKE.mode_base, HPKE.kem_P256_SHA256, HPKE.kdf_HKDF_SHA256, HPKE.aead_AES_GCM256);
        recipient = hpke.generatePrivateKey();
        publicKey = recipient.getPublic();
        info = SealedValue.hpkeInfo(BenchKeys.USER, BenchKeys.VERSION);
        plaintext = BenchKeys.text(bytes).getBytes(StandardCharsets.UTF_8);
        byte[][] ctAndEnc = hpke.seal(publicKey, info, NO_AAD, plaintext, null, null, null);
        ct = ctAndEnc[0];
        enc = ctAndEnc[1];
        if (!Arrays.equals(open(), plaintext)) {
            throw new IllegalStateException("Bouncy Castle HPKE round trip failed in set-up");
        }
    }

    @Benchmark
    public byte[][] seal() throws InvalidCipherTextException {
        return hpke.seal(publicKey, info, NO_AAD, plaintext, null, null, null);
    }

    @Benchmark
    public byte[] open() throws InvalidCipherTextException {
        return hpke.open(enc, recipient, info, NO_AAD, ct, null, null, null);
    }
}
