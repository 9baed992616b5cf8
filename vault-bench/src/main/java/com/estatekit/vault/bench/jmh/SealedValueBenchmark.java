package com.estatekit.vault.bench.jmh;

import com.estatekit.vault.domain.model.KeyVersion;
import com.estatekit.vault.domain.model.SealedValue;
import java.util.Random;
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

/**
 * The public ciphertext format {@code ek1:<version>:<base64url(enc || ct)>}: strict parse and
 * format of a value whose plaintext had {@code bytes} bytes (payload = 65 + bytes + 16).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SealedValueBenchmark {

    @Param({"64"})
    public int bytes;

    private SealedValue value;
    private String text;

    @Setup(Level.Trial)
    public void setUp() {
        byte[] payload = new byte[SealedValue.ENCAPSULATED_KEY_BYTES + bytes + SealedValue.TAG_BYTES];
        new Random(7).nextBytes(payload);
        payload[0] = 0x04;
        value = SealedValue.of(KeyVersion.of(12), payload);
        text = value.format();
        if (!SealedValue.parse(text).equals(value)) {
            throw new IllegalStateException("SealedValue round trip failed in set-up");
        }
    }

    @Benchmark
    public SealedValue parse() {
        return SealedValue.parse(text);
    }

    @Benchmark
    public String format() {
        return value.format();
    }
}
