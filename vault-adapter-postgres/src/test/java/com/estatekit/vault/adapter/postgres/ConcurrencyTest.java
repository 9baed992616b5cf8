package com.estatekit.vault.adapter.postgres;

import static com.estatekit.vault.domain.fake.KeyFixtures.T0;
import static com.estatekit.vault.domain.fake.KeyFixtures.firstKey;
import static com.estatekit.vault.domain.fake.KeyFixtures.generatedPair;
import static com.estatekit.vault.domain.fake.KeyFixtures.rotated;
import static org.assertj.core.api.Assertions.assertThat;

import com.estatekit.vault.domain.model.GeneratedKeyPair;
import com.estatekit.vault.domain.model.KeyChangeConflictException;
import com.estatekit.vault.domain.model.KeyHistoryEntry;
import com.estatekit.vault.domain.model.KeyNotFoundException;
import com.estatekit.vault.domain.model.UserId;
import com.estatekit.vault.domain.model.UserKey;
import com.estatekit.vault.domain.model.UserKeyRing;
import com.estatekit.vault.domain.model.WrappedPrivateKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Real threads on real connections racing for one user's row. */
class ConcurrencyTest {

    private static final String SCHEMA = "concurrency";
    private static final TestDatabase DB = TestDatabase.shared();
    private static PostgresKeyRepository repository;

    @BeforeAll
    static void start() {
        repository = PostgresKeyRepository.start(DB.config(SCHEMA).withMaxPoolSize(20));
    }

    @AfterAll
    static void stop() {
        repository.close();
    }

    @Test
    void fifty_concurrent_first_keys_for_one_user_store_exactly_one() throws Exception {
        UserId user = UserId.of(1_000);
        List<UserKey> candidates = IntStream.range(0, 50).mapToObj(i -> firstKey(user, T0.plusMillis(i))).toList();

        List<Boolean> created = race(50, i -> () -> repository.insertFirstKey(candidates.get(i)));

        assertThat(created).containsOnlyOnce(true).hasSize(50);
        UserKey winner = candidates.get(created.indexOf(true));
        UserKeyRing ring = repository.findKeyRing(user).orElseThrow();
        assertThat(ring.current()).isEqualTo(winner);
        assertThat(ring.history()).isEmpty();
        assertThat(rowsOf("user_keys", user)).isEqualTo(1);
    }

    @Test
    void twenty_concurrent_rotations_leave_gapless_versions_and_complete_history() throws Exception {
        UserId user = UserId.of(2_000);
        UserKey first = firstKey(user, T0);
        repository.insertFirstKey(first);

        List<Object> outcomes = race(20, i -> () -> {
            UserKey current = repository.findKeyRing(user).orElseThrow().current();
            UserKey replacement = rotated(current, T0.plusSeconds(1 + i));
            try {
                repository.rotate(current, replacement);
                return replacement;
            } catch (KeyChangeConflictException lost) {
                return lost;
            }
        });

        List<UserKey> stored = outcomes.stream().filter(UserKey.class::isInstance).map(UserKey.class::cast).toList();
        long conflicts = outcomes.stream().filter(KeyChangeConflictException.class::isInstance).count();
        assertThat(stored).isNotEmpty();
        assertThat(stored.size() + conflicts).isEqualTo(20);
        assertThat(stored).extracting(key -> key.version().value()).doesNotHaveDuplicates();
        assertCompleteRing(user, first, stored);
    }

    @Test
    void rotations_that_retry_after_a_conflict_all_succeed_one_after_another() throws Exception {
        UserId user = UserId.of(3_000);
        UserKey first = firstKey(user, T0);
        repository.insertFirstKey(first);

        List<UserKey> stored = race(20, i -> () -> {
            GeneratedKeyPair pair = generatedPair();
            for (int attempt = 0; attempt < 500; attempt++) {
                UserKey current = repository.findKeyRing(user).orElseThrow().current();
                UserKey replacement = current.rotateTo(pair, T0.plusSeconds(1 + i));
                try {
                    repository.rotate(current, replacement);
                    return replacement;
                } catch (KeyChangeConflictException lost) {
                    Thread.onSpinWait();
                }
            }
            throw new AssertionError("a rotation never got its turn");
        });

        assertThat(stored).hasSize(20);
        assertThat(stored).extracting(key -> key.version().value()).containsExactlyInAnyOrderElementsOf(
                IntStream.rangeClosed(2, 21).boxed().toList());
        assertCompleteRing(user, first, stored);
    }

    @Test
    void rotation_racing_delete_and_recreate_leaves_no_key_or_a_complete_ring() throws Exception {
        Set<String> endStates = new HashSet<>();
        for (int round = 0; round < 25; round++) {
            UserId user = UserId.of(4_000 + round);
            UserKey first = firstKey(user, T0);
            repository.insertFirstKey(first);
            UserKey replacement = rotated(first, T0.plusSeconds(1));
            UserKey recreated = firstKey(user, T0.plusSeconds(2));

            List<Object> outcomes = race(3, i -> () -> switch (i) {
                case 0 -> {
                    try {
                        repository.rotate(first, replacement);
                        yield "rotated";
                    } catch (KeyNotFoundException | KeyChangeConflictException refused) {
                        yield refused.getClass().getSimpleName();
                    }
                }
                case 1 -> repository.deleteAll(user) ? "deleted" : "nothing to delete";
                default -> repository.insertFirstKey(recreated) ? "recreated" : "not recreated";
            });

            assertThat(orphanHistoryRows()).isZero();
            var ring = repository.findKeyRing(user);
            if (ring.isEmpty()) {
                assertThat(rowsOf("user_keys", user)).isZero();
                assertThat(rowsOf("user_key_history", user)).isZero();
                assertThat(outcomes).contains("deleted");
                endStates.add("gone");
            } else if (ring.get().current().equals(replacement)) {
                assertThat(ring.get().history()).containsExactly(first.retiredFromCurrent(replacement.rotatedAt()));
                assertThat(outcomes).contains("rotated");
                endStates.add("rotated");
            } else {
                assertThat(ring.get().current()).isIn(first, recreated);
                assertThat(ring.get().history()).isEmpty();
                assertThat(rowsOf("user_key_history", user)).isZero();
                endStates.add("version 1");
            }
        }
        assertThat(endStates).isNotEmpty();
    }

    /** Versions 1..n without gap or duplicate; every stored key present with its wrapped key. */
    private static void assertCompleteRing(UserId user, UserKey first, List<UserKey> stored) throws SQLException {
        UserKeyRing ring = repository.findKeyRing(user).orElseThrow();
        int last = 1 + stored.size();
        assertThat(ring.current().version().value()).isEqualTo(last);
        assertThat(ring.history()).extracting(entry -> entry.version().value())
                .containsExactlyElementsOf(IntStream.range(1, last).boxed().toList());
        assertThat(rowsOf("user_key_history", user)).isEqualTo(last - 1);

        List<WrappedPrivateKey> expected = new ArrayList<>();
        expected.add(first.wrappedPrivateKey());
        stored.forEach(key -> expected.add(key.wrappedPrivateKey()));
        List<WrappedPrivateKey> actual = new ArrayList<>(ring.history().stream().map(KeyHistoryEntry::wrappedPrivateKey).toList());
        actual.add(ring.current().wrappedPrivateKey());
        assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
        for (UserKey key : stored) {
            assertThat(ring.wrappedPrivateKey(key.version())).contains(key.wrappedPrivateKey());
        }
    }

    /** Runs {@code n} tasks at the same instant on {@code n} threads and returns their results in order. */
    private static <T> List<T> race(int n, IntFunction<Callable<T>> task) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch ready = new CountDownLatch(n);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Callable<T> work = task.apply(i);
                futures.add(threads.submit(() -> {
                    ready.countDown();
                    go.await();
                    return work.call();
                }));
            }
            assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(30, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            threads.shutdownNow();
        }
    }

    private static long rowsOf(String table, UserId user) throws SQLException {
        return count("SELECT count(*) FROM " + SCHEMA + "." + table + " WHERE user_id = " + user.value());
    }

    private static long orphanHistoryRows() throws SQLException {
        return count("SELECT count(*) FROM " + SCHEMA + ".user_key_history h WHERE NOT EXISTS"
                + " (SELECT 1 FROM " + SCHEMA + ".user_keys k WHERE k.user_id = h.user_id)");
    }

    private static long count(String sql) throws SQLException {
        try (Connection connection = DB.connect(); PreparedStatement query = connection.prepareStatement(sql);
                ResultSet result = query.executeQuery()) {
            result.next();
            return result.getLong(1);
        }
    }
}
