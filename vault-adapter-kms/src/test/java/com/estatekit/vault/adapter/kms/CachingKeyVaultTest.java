package com.estatekit.vault.adapter.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.estatekit.vault.domain.fake.FakeKeyVault;
import com.estatekit.vault.domain.model.DependencyUnavailableException;
import com.estatekit.vault.domain.model.GeneratedKeyPair;
import com.estatekit.vault.domain.model.KeyVersion;
import com.estatekit.vault.domain.model.PrivateKeyMaterial;
import com.estatekit.vault.domain.model.UserId;
import com.estatekit.vault.domain.model.WrappedPrivateKey;
import com.estatekit.vault.domain.port.out.KeyVault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CachingKeyVaultTest {

    private static final UserId ALICE = UserId.of(42);
    private static final UserId BOB = UserId.of(43);
    private static final KeyVersion V1 = KeyVersion.of(1);
    private static final KeyVersion V2 = KeyVersion.of(2);
    private static final Duration TTL = Duration.ofSeconds(60);

    /** Counts, slows down and fails on request; remembers every key it handed out. */
    private static final class RecordingVault implements KeyVault {
        final FakeKeyVault real = new FakeKeyVault();
        final List<PrivateKeyMaterial> handedOut = new CopyOnWriteArrayList<>();
        final AtomicInteger unwraps = new AtomicInteger();
        final AtomicInteger failuresToGo = new AtomicInteger();
        volatile Duration slowness = Duration.ZERO;

        @Override
        public GeneratedKeyPair createKeyPair(UserId userId, KeyVersion version) {
            return real.createKeyPair(userId, version);
        }

        @Override
        public PrivateKeyMaterial unwrap(UserId userId, KeyVersion version, WrappedPrivateKey wrapped) {
            unwraps.incrementAndGet();
            if (!slowness.isZero()) {
                try {
                    Thread.sleep(slowness.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (failuresToGo.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new DependencyUnavailableException(DependencyUnavailableException.Dependency.KMS, "test", Duration.ofSeconds(2));
            }
            PrivateKeyMaterial key = real.unwrap(userId, version, wrapped);
            handedOut.add(key);
            return key;
        }

        @Override
        public void forget(UserId userId) {
            real.forget(userId);
        }
    }

    private final AtomicLong nanos = new AtomicLong();
    private RecordingVault delegate;
    private CachingKeyVault vault;

    @BeforeEach
    void setUp() {
        delegate = new RecordingVault();
        vault = new CachingKeyVault(delegate, TTL, 100, nanos::get);
    }

    private void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }

    private byte[] unwrapBytes(KeyVault from, UserId user, KeyVersion version, WrappedPrivateKey wrapped) {
        try (PrivateKeyMaterial key = from.unwrap(user, version, wrapped)) {
            return key.copyPkcs8();
        }
    }

    @Test
    void a_second_unwrap_of_the_same_key_is_served_from_memory() {
        GeneratedKeyPair pair = vault.createKeyPair(ALICE, V1);

        byte[] first = unwrapBytes(vault, ALICE, V1, pair.wrappedPrivateKey());
        byte[] second = unwrapBytes(vault, ALICE, V1, pair.wrappedPrivateKey());

        assertThat(second).isEqualTo(first);
        assertThat(delegate.unwraps).hasValue(1);
        assertThat(vault.stats()).isEqualTo(new CachingKeyVault.Stats(1, 1, 1, 1));
    }

    @Test
    void each_caller_gets_a_copy_it_may_close_without_spoiling_the_cache() {
        GeneratedKeyPair pair = vault.createKeyPair(ALICE, V1);
        PrivateKeyMaterial mine = vault.unwrap(ALICE, V1, pair.wrappedPrivateKey());
        mine.close();

        assertThat(delegate.handedOut).hasSize(1);
        assertThat(delegate.handedOut.get(0).isDestroyed()).isFalse();
        try (PrivateKeyMaterial again = vault.unwrap(ALICE, V1, pair.wrappedPrivateKey())) {
            assertThat(again).isNotSameAs(delegate.handedOut.get(0));
            assertThat(again.copyPkcs8()).isEqualTo(delegate.handedOut.get(0).copyPkcs8());
        }
    }

    @Test
    void another_wrapped_key_for_the_same_user_and_version_is_not_served_the_old_key() {
        GeneratedKeyPair old = vault.createKeyPair(ALICE, V1);
        GeneratedKeyPair replaced = vault.createKeyPair(ALICE, V1);

        byte[] oldKey = unwrapBytes(vault, ALICE, V1, old.wrappedPrivateKey());
        byte[] newKey = unwrapBytes(vault, ALICE, V1, replaced.wrappedPrivateKey());

        assertThat(newKey).isNotEqualTo(oldKey);
        assertThat(delegate.unwraps).hasValue(2);
    }

    @Test
    void an_entry_expires_after_the_ttl_and_its_key_is_wiped() {
        GeneratedKeyPair pair = vault.createKeyPair(ALICE, V1);
        unwrapBytes(vault, ALICE, V1, pair.wrappedPrivateKey());

        advance(TTL.minusSeconds(1));
        unwrapBytes(vault, ALICE, V1, pair.wrappedPrivateKey());
        assertThat(delegate.unwraps).hasValue(1);

        advance(Duration.ofSeconds(2));
        assertThat(vault.size()).isZero();
        assertThat(delegate.handedOut.get(0).isDestroyed()).isTrue();

        unwrapBytes(vault, ALICE, V1, pair.wrappedPrivateKey());
        assertThat(delegate.unwraps).hasValue(2);
        assertThat(vault.stats().misses()).isEqualTo(2);
    }

    @Test
    void ttl_zero_sends_every_unwrap_to_the_delegate_and_keeps_nothing() {
        CachingKeyVault uncached = new CachingKeyVault(delegate, Duration.ZERO);
        GeneratedKeyPair pair = uncached.createKeyPair(ALICE, V1);

        for (int i = 0; i < 5; i++) {
            unwrapBytes(uncached, ALICE, V1, pair.wrappedPrivateKey());
        }

        assertThat(delegate.unwraps).hasValue(5);
        assertThat(uncached.size()).isZero();
        assertThat(uncached.stats()).isEqualTo(new CachingKeyVault.Stats(0, 5, 5, 1));
        // Keys handed straight through belong to the caller, who closed them.
        assertThat(delegate.handedOut).allMatch(PrivateKeyMaterial::isDestroyed);
    }

    @Test
    void forget_wipes_that_users_keys_only_and_tells_the_delegate() {
        GeneratedKeyPair alice1 = vault.createKeyPair(ALICE, V1);
        GeneratedKeyPair alice2 = vault.createKeyPair(ALICE, V2);
        GeneratedKeyPair bob1 = vault.createKeyPair(BOB, V1);
        unwrapBytes(vault, ALICE, V1, alice1.wrappedPrivateKey());
        unwrapBytes(vault, ALICE, V2, alice2.wrappedPrivateKey());
        unwrapBytes(vault, BOB, V1, bob1.wrappedPrivateKey());

        vault.forget(ALICE);

        assertThat(vault.size()).isEqualTo(1);
        assertThat(delegate.handedOut.get(0).isDestroyed()).isTrue();
        assertThat(delegate.handedOut.get(1).isDestroyed()).isTrue();
        assertThat(delegate.handedOut.get(2).isDestroyed()).isFalse();
        assertThat(delegate.real.wasForgotten(ALICE)).isTrue();

        unwrapBytes(vault, ALICE, V1, alice1.wrappedPrivateKey());
        unwrapBytes(vault, BOB, V1, bob1.wrappedPrivateKey());
        assertThat(delegate.unwraps).hasValue(4);
    }

    @Test
    void a_key_a_caller_holds_survives_forget() {
        GeneratedKeyPair pair = vault.createKeyPair(ALICE, V1);
        try (PrivateKeyMaterial held = vault.unwrap(ALICE, V1, pair.wrappedPrivateKey())) {
            vault.forget(ALICE);

            assertThat(held.isDestroyed()).isFalse();
            assertThat(held.copyPkcs8()).isNotEmpty();
        }
    }

    @Test
    void a_key_still_being_unwrapped_when_its_user_is_forgotten_is_wiped_once_it_arrives() throws Exception {
        GeneratedKeyPair pair = vault.createKeyPair(ALICE, V1);
        delegate.slowness = Duration.ofMillis(300);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<byte[]> caller = pool.submit(() -> unwrapBytes(vault, ALICE, V1, pair.wrappedPrivateKey()));
            Thread.sleep(100);
            vault.forget(ALICE);

            assertThat(caller.get(10, TimeUnit.SECONDS)).isNotEmpty();
        } finally {
            pool.shutdownNow();
        }
        delegate.slowness = Duration.ZERO;

        // The key that arrived after forget is not left in memory unwiped.
        assertThat(delegate.handedOut.get(0).isDestroyed()).isTrue();
        assertThat(vault.size()).isLessThanOrEqualTo(1);
    }

    @Test
    void keys_evicted_by_the_size_bound_are_wiped() {
        CachingKeyVault small = new CachingKeyVault(delegate, TTL, 2, nanos::get);
        for (int user = 1; user <= 6; user++) {
            GeneratedKeyPair pair = small.createKeyPair(UserId.of(user), V1);
            unwrapBytes(small, UserId.of(user), V1, pair.wrappedPrivateKey());
        }

        long kept = small.size();
        long wiped = delegate.handedOut.stream().filter(PrivateKeyMaterial::isDestroyed).count();

        assertThat(kept).isLessThanOrEqualTo(2);
        assertThat(wiped).isEqualTo(6 - kept);
    }

    @Test
    void fifty_concurrent_unwraps_of_one_key_cost_one_delegate_call() throws Exception {
        GeneratedKeyPair pair = vault.createKeyPair(ALICE, V1);
        delegate.slowness = Duration.ofMillis(300);
        int callers = 50;
        CyclicBarrier start = new CyclicBarrier(callers);
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<byte[]>> results = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return unwrapBytes(vault, ALICE, V1, pair.wrappedPrivateKey());
                }));
            }
            byte[] expected = results.get(0).get(10, TimeUnit.SECONDS);
            for (Future<byte[]> result : results) {
                assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(delegate.unwraps).hasValue(1);
        assertThat(vault.stats().delegateUnwrapCalls()).isEqualTo(1);
        assertThat(vault.stats().hits() + vault.stats().misses()).isEqualTo(callers);
    }

    @Test
    void a_failed_unwrap_is_not_cached() {
        GeneratedKeyPair pair = vault.createKeyPair(ALICE, V1);
        delegate.failuresToGo.set(1);

        assertThatThrownBy(() -> vault.unwrap(ALICE, V1, pair.wrappedPrivateKey()))
                .isInstanceOf(DependencyUnavailableException.class);
        assertThat(vault.size()).isZero();

        unwrapBytes(vault, ALICE, V1, pair.wrappedPrivateKey());
        assertThat(delegate.unwraps).hasValue(2);
    }

    @Test
    void concurrent_callers_waiting_on_a_failing_unwrap_all_get_the_failure_and_nothing_is_cached() throws Exception {
        GeneratedKeyPair pair = vault.createKeyPair(ALICE, V1);
        delegate.slowness = Duration.ofMillis(300);
        delegate.failuresToGo.set(1);
        int callers = 10;
        CyclicBarrier start = new CyclicBarrier(callers);
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        AtomicInteger failures = new AtomicInteger();
        try {
            List<Future<?>> results = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    try {
                        unwrapBytes(vault, ALICE, V1, pair.wrappedPrivateKey());
                    } catch (DependencyUnavailableException expected) {
                        failures.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> result : results) {
                result.get(10, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        // Callers that arrived after the failure was dropped started a new, successful unwrap.
        assertThat(failures.get()).isBetween(1, callers);
        assertThat(delegate.unwraps.get()).isEqualTo(1 + (failures.get() == callers ? 0 : 1));
    }

    @Test
    void create_passes_through_and_is_counted() {
        vault.createKeyPair(ALICE, V1);
        vault.createKeyPair(ALICE, V2);

        assertThat(vault.stats().delegateCreateCalls()).isEqualTo(2);
        assertThat(delegate.real.createCalls()).isEqualTo(2);
    }

    @Test
    void a_negative_ttl_or_an_empty_bound_is_refused() {
        assertThatThrownBy(() -> new CachingKeyVault(delegate, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TTL");
        assertThatThrownBy(() -> new CachingKeyVault(delegate, TTL, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("size");
    }
}
