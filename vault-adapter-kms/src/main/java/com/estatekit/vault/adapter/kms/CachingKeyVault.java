package com.estatekit.vault.adapter.kms;

import com.estatekit.vault.domain.model.GeneratedKeyPair;
import com.estatekit.vault.domain.model.KeyVersion;
import com.estatekit.vault.domain.model.PrivateKeyMaterial;
import com.estatekit.vault.domain.model.UserId;
import com.estatekit.vault.domain.model.WrappedPrivateKey;
import com.estatekit.vault.domain.port.out.KeyVault;
import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Scheduler;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;

/**
 * A {@link KeyVault} decorator that keeps unwrapped private keys in memory for a short TTL, so a
 * user's decrypts cost at most one KMS {@code Decrypt} per key version per TTL.
 *
 * <ul>
 *   <li>Keyed by user, key version and the wrapped key's bytes: a rotated or replaced wrapped key
 *       never hits an entry made for the old one.</li>
 *   <li>Single flight: concurrent unwraps of one key wait for one delegate call; a failed call is
 *       not cached, so the next unwrap tries again.</li>
 *   <li>Each caller gets its own {@link PrivateKeyMaterial#duplicate() duplicate} to close; the
 *       cached key is wiped ({@link PrivateKeyMaterial#close()}) when it expires, is evicted by the
 *       size bound, or is invalidated by {@link #forget(UserId)}.</li>
 *   <li>TTL {@link Duration#ZERO} turns caching off: every unwrap reaches the delegate.</li>
 *   <li>{@link #createKeyPair} passes through; {@link #forget} drops the user's entries and
 *       forwards.</li>
 * </ul>
 *
 * <p>Which keys a user has is never cached here: the domain reads the key rows on every request.
 */
public final class CachingKeyVault implements KeyVault {

    /** Default size bound: unwrapped P-256 keys are ~150 bytes, so 10,000 of them are ~2 MB. */
    public static final long DEFAULT_MAX_ENTRIES = 10_000;

    /** Attempts to take a copy of an entry that expired between lookup and copy, before asking the delegate directly. */
    private static final int COPY_ATTEMPTS = 3;

    /** Counters since start. */
    public record Stats(long hits, long misses, long delegateUnwrapCalls, long delegateCreateCalls) {
    }

    private record CacheKey(UserId userId, KeyVersion version, WrappedPrivateKey wrapped) {
    }

    /**
     * What one delegate call gave: the key or the failure. Failures travel as values, not as failed
     * futures, so that joiners get them and Caffeine does not log them; they are removed at once.
     */
    private record Loaded(PrivateKeyMaterial key, RuntimeException failure) {
        PrivateKeyMaterial keyOrThrow() {
            if (failure != null) {
                throw failure;
            }
            return key;
        }

        void wipe() {
            if (key != null) {
                key.close();
            }
        }
    }

    private final KeyVault delegate;
    private final AsyncCache<CacheKey, Loaded> cache; // null when the TTL is zero
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder delegateUnwraps = new LongAdder();
    private final LongAdder delegateCreates = new LongAdder();

    /**
     * Caches {@code delegate}'s unwrapped keys for {@code ttl}, at most {@link #DEFAULT_MAX_ENTRIES}.
     *
     * @param ttl how long an unwrapped key stays after it was unwrapped; {@link Duration#ZERO} disables caching
     * @throws IllegalArgumentException when {@code ttl} is negative
     */
    public CachingKeyVault(KeyVault delegate, Duration ttl) {
        this(delegate, ttl, DEFAULT_MAX_ENTRIES, Ticker.systemTicker());
    }

    /**
     * As {@link #CachingKeyVault(KeyVault, Duration)} with another size bound.
     *
     * @throws IllegalArgumentException when {@code ttl} is negative or {@code maxEntries < 1}
     */
    public CachingKeyVault(KeyVault delegate, Duration ttl, long maxEntries) {
        this(delegate, ttl, maxEntries, Ticker.systemTicker());
    }

    CachingKeyVault(KeyVault delegate, Duration ttl, long maxEntries, Ticker ticker) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        if (ttl == null || ttl.isNegative()) {
            throw new IllegalArgumentException("key cache TTL must be zero (off) or positive, e.g. PT60S");
        }
        if (maxEntries < 1) {
            throw new IllegalArgumentException("key cache size must be at least 1");
        }
        if (ttl.isZero()) {
            this.cache = null;
            return;
        }
        Caffeine<Object, Object> builder = Caffeine.newBuilder()
                .expireAfterWrite(ttl)
                .maximumSize(maxEntries)
                .ticker(ticker)
                // Removal work (and so the wipe) runs on the calling thread: deterministic, no pool needed.
                .executor(Runnable::run);
        if (ticker == Ticker.systemTicker()) {
            // Expired keys are wiped close to their expiry, not whenever the cache is next touched.
            builder.scheduler(Scheduler.systemScheduler());
        }
        this.cache = builder.<CacheKey, Loaded>removalListener((key, value, cause) -> {
            if (value != null) {
                value.wipe();
            }
        }).buildAsync();
    }

    @Override
    public GeneratedKeyPair createKeyPair(UserId userId, KeyVersion version) {
        delegateCreates.increment();
        return delegate.createKeyPair(userId, version);
    }

    @Override
    public PrivateKeyMaterial unwrap(UserId userId, KeyVersion version, WrappedPrivateKey wrappedPrivateKey) {
        if (cache == null) {
            misses.increment();
            delegateUnwraps.increment();
            return delegate.unwrap(userId, version, wrappedPrivateKey);
        }
        CacheKey key = new CacheKey(userId, version, wrappedPrivateKey);
        for (int attempt = 0; attempt < COPY_ATTEMPTS; attempt++) {
            CompletableFuture<Loaded> mine = new CompletableFuture<>();
            CompletableFuture<Loaded> entry = cache.get(key, (k, executor) -> mine);
            if (entry == mine) {
                misses.increment();
                load(key, mine);
            } else {
                hits.increment();
            }
            PrivateKeyMaterial cached = entry.join().keyOrThrow();
            try {
                return cached.duplicate();
            } catch (IllegalStateException expiredMeanwhile) {
                // Wiped between lookup and copy (expiry, eviction or forget): look again.
                cache.asMap().remove(key, entry);
            }
        }
        misses.increment();
        delegateUnwraps.increment();
        return delegate.unwrap(userId, version, wrappedPrivateKey);
    }

    private void load(CacheKey key, CompletableFuture<Loaded> mine) {
        delegateUnwraps.increment();
        try {
            mine.complete(new Loaded(delegate.unwrap(key.userId(), key.version(), key.wrapped()), null));
        } catch (RuntimeException failure) {
            // Waiting callers get the failure; nothing stays cached, so the next call tries again.
            mine.complete(new Loaded(null, failure));
            cache.asMap().remove(key, mine);
        } catch (Error fatal) {
            mine.completeExceptionally(fatal);
            cache.asMap().remove(key, mine);
            throw fatal;
        }
    }

    /** Drops and wipes every cached key of {@code userId}, then forwards to the delegate. */
    @Override
    public void forget(UserId userId) {
        if (cache != null) {
            cache.asMap().keySet().removeIf(key -> key.userId().equals(userId));
        }
        delegate.forget(userId);
    }

    /** Hits, misses and delegate calls since start. */
    public Stats stats() {
        return new Stats(hits.sum(), misses.sum(), delegateUnwraps.sum(), delegateCreates.sum());
    }

    /** Number of cached keys, after pending expiry and eviction work ran (for tests and metrics). */
    public long size() {
        if (cache == null) {
            return 0;
        }
        cache.synchronous().cleanUp();
        return cache.synchronous().estimatedSize();
    }
}
