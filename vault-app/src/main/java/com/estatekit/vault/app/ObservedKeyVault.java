package com.estatekit.vault.app;

import com.estatekit.vault.domain.model.DependencyUnavailableException;
import com.estatekit.vault.domain.model.GeneratedKeyPair;
import com.estatekit.vault.domain.model.KeyMaterialUnusableException;
import com.estatekit.vault.domain.model.KeyVersion;
import com.estatekit.vault.domain.model.PrivateKeyMaterial;
import com.estatekit.vault.domain.model.UserId;
import com.estatekit.vault.domain.model.WrappedPrivateKey;
import com.estatekit.vault.domain.port.out.KeyVault;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.function.Supplier;

/**
 * Wraps the key custody that really calls KMS (below the private-key cache) to count every KMS
 * call by operation and outcome, and to remember whether the last call found KMS reachable, which
 * is what the informational {@code kms} readiness check reports. Encryption never needs KMS, so a
 * KMS outage must not take every instance out of the load balancer at once.
 */
final class ObservedKeyVault implements KeyVault {

    static final String CALLS = "vault.kms.calls";
    static final String LATENCY = "vault.kms.latency";

    private final KeyVault delegate;
    private final MeterRegistry registry;
    private volatile boolean lastCallReachedKms = true;

    ObservedKeyVault(KeyVault delegate, MeterRegistry registry) {
        this.delegate = delegate;
        this.registry = registry;
    }

    /** {@code true} until a call finds KMS unavailable, and again after the next call that does not. */
    boolean lastCallReachedKms() {
        return lastCallReachedKms;
    }

    @Override
    public GeneratedKeyPair createKeyPair(UserId userId, KeyVersion version) {
        return observe("GenerateDataKeyPairWithoutPlaintext", () -> delegate.createKeyPair(userId, version));
    }

    @Override
    public PrivateKeyMaterial unwrap(UserId userId, KeyVersion version, WrappedPrivateKey wrappedPrivateKey) {
        return observe("Decrypt", () -> delegate.unwrap(userId, version, wrappedPrivateKey));
    }

    @Override
    public void forget(UserId userId) {
        delegate.forget(userId);
    }

    private <T> T observe(String operation, Supplier<T> call) {
        Timer.Sample sample = Timer.start(registry);
        String outcome = "success";
        try {
            T result = call.get();
            lastCallReachedKms = true;
            return result;
        } catch (DependencyUnavailableException unavailable) {
            outcome = "unavailable";
            lastCallReachedKms = false;
            throw unavailable;
        } catch (KeyMaterialUnusableException refused) {
            outcome = "key_material_unusable";
            lastCallReachedKms = true;
            throw refused;
        } finally {
            Counter.builder(CALLS).description("Calls to key custody (AWS KMS or the dev KMS)")
                    .tag("operation", operation).tag("outcome", outcome).register(registry).increment();
            sample.stop(Timer.builder(LATENCY).description("Latency of key custody calls").tag("operation", operation)
                    .register(registry));
        }
    }
}
