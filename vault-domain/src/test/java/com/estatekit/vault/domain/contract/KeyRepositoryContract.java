package com.estatekit.vault.domain.contract;

import static com.estatekit.vault.domain.fake.KeyFixtures.T0;
import static com.estatekit.vault.domain.fake.KeyFixtures.firstKey;
import static com.estatekit.vault.domain.fake.KeyFixtures.rotated;
import static com.estatekit.vault.domain.fake.KeyFixtures.v;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.estatekit.vault.domain.model.KeyChangeConflictException;
import com.estatekit.vault.domain.model.KeyHistoryEntry;
import com.estatekit.vault.domain.model.KeyNotFoundException;
import com.estatekit.vault.domain.model.UserId;
import com.estatekit.vault.domain.model.UserKey;
import com.estatekit.vault.domain.model.UserKeyRing;
import com.estatekit.vault.domain.port.out.KeyRepository;
import com.estatekit.vault.domain.port.out.KeyRepository.RetireOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link KeyRepository} must do. Subclasses supply a fresh, empty repository per test
 * (for a database: truncate the tables in {@link #newRepository()}); the due-listing test counts
 * on no other users existing.
 */
public abstract class KeyRepositoryContract {

    private static final AtomicLong NEXT_USER = new AtomicLong(System.nanoTime() % 1_000_000_000L * 1000 + 1);

    protected KeyRepository repository;

    /** A repository to test; called before every test. */
    protected abstract KeyRepository newRepository();

    @BeforeEach
    void createRepository() {
        repository = newRepository();
    }

    /** A user id no other test of this run uses. */
    protected static UserId freshUser() {
        return UserId.of(NEXT_USER.getAndIncrement());
    }

    @Test
    void a_user_without_keys_has_no_ring() {
        assertThat(repository.findKeyRing(freshUser())).isEmpty();
    }

    @Test
    void the_first_key_is_stored_exactly() {
        UserKey key = firstKey(freshUser(), T0);

        assertThat(repository.insertFirstKey(key)).isTrue();

        UserKeyRing ring = repository.findKeyRing(key.userId()).orElseThrow();
        assertThat(ring.current()).isEqualTo(key);
        assertThat(ring.history()).isEmpty();
    }

    @Test
    void a_second_first_key_is_refused_and_changes_nothing() {
        UserId user = freshUser();
        UserKey winner = firstKey(user, T0);
        repository.insertFirstKey(winner);

        assertThat(repository.insertFirstKey(firstKey(user, T0.plusSeconds(5)))).isFalse();

        assertThat(repository.findKeyRing(user).orElseThrow().current()).isEqualTo(winner);
    }

    @Test
    void rotation_moves_the_current_key_to_history_with_its_wrapped_key() {
        UserKey first = firstKey(freshUser(), T0);
        repository.insertFirstKey(first);
        UserKey second = rotated(first, T0.plus(Duration.ofDays(30)));

        repository.rotate(first, second);

        UserKeyRing ring = repository.findKeyRing(first.userId()).orElseThrow();
        assertThat(ring.current()).isEqualTo(second);
        assertThat(ring.history()).containsExactly(first.retiredFromCurrent(second.rotatedAt()));
        assertThat(ring.wrappedPrivateKey(v(1))).contains(first.wrappedPrivateKey());
        assertThat(ring.decryptableVersions()).containsExactly(v(1), v(2));
    }

    @Test
    void rotations_accumulate_history_in_version_order() {
        UserKey key = firstKey(freshUser(), T0);
        repository.insertFirstKey(key);
        for (int i = 1; i <= 4; i++) {
            UserKey next = rotated(key, T0.plus(Duration.ofDays(i)));
            repository.rotate(key, next);
            key = next;
        }

        UserKeyRing ring = repository.findKeyRing(key.userId()).orElseThrow();
        assertThat(ring.current().version()).isEqualTo(v(5));
        assertThat(ring.history()).extracting(KeyHistoryEntry::version).containsExactly(v(1), v(2), v(3), v(4));
    }

    @Test
    void a_rotation_from_a_stale_version_is_a_conflict_and_changes_nothing() {
        UserKey first = firstKey(freshUser(), T0);
        repository.insertFirstKey(first);
        UserKey second = rotated(first, T0.plusSeconds(60));
        repository.rotate(first, second);

        UserKey competing = rotated(first, T0.plusSeconds(61));
        assertThatThrownBy(() -> repository.rotate(first, competing)).isInstanceOf(KeyChangeConflictException.class);

        UserKeyRing ring = repository.findKeyRing(first.userId()).orElseThrow();
        assertThat(ring.current()).isEqualTo(second);
        assertThat(ring.history()).hasSize(1);
    }

    @Test
    void rotating_a_deleted_user_is_not_found() {
        UserKey first = firstKey(freshUser(), T0);
        repository.insertFirstKey(first);
        repository.deleteAll(first.userId());

        assertThatThrownBy(() -> repository.rotate(first, rotated(first, T0.plusSeconds(1))))
                .isInstanceOf(KeyNotFoundException.class);
        assertThat(repository.findKeyRing(first.userId())).isEmpty();
    }

    @Test
    void delete_removes_every_version() {
        UserKey first = firstKey(freshUser(), T0);
        repository.insertFirstKey(first);
        repository.rotate(first, rotated(first, T0.plusSeconds(1)));

        assertThat(repository.deleteAll(first.userId())).isTrue();

        assertThat(repository.findKeyRing(first.userId())).isEmpty();
        assertThat(repository.deleteAll(first.userId())).isFalse();
        assertThat(repository.retire(first.userId(), v(1))).isEqualTo(RetireOutcome.NOT_FOUND);
    }

    @Test
    void delete_touches_only_its_user() {
        UserKey mine = firstKey(freshUser(), T0);
        UserKey theirs = firstKey(freshUser(), T0);
        repository.insertFirstKey(mine);
        repository.insertFirstKey(theirs);

        repository.deleteAll(mine.userId());

        assertThat(repository.findKeyRing(theirs.userId())).map(UserKeyRing::current).contains(theirs);
    }

    @Test
    void a_user_can_get_a_new_first_key_after_delete() {
        UserId user = freshUser();
        repository.insertFirstKey(firstKey(user, T0));
        repository.deleteAll(user);

        UserKey again = firstKey(user, T0.plusSeconds(10));
        assertThat(repository.insertFirstKey(again)).isTrue();
        assertThat(repository.findKeyRing(user).orElseThrow().current()).isEqualTo(again);
    }

    @Test
    void retiring_an_old_version_destroys_only_that_version() {
        UserKey first = firstKey(freshUser(), T0);
        repository.insertFirstKey(first);
        UserKey second = rotated(first, T0.plusSeconds(1));
        repository.rotate(first, second);
        UserKey third = rotated(second, T0.plusSeconds(2));
        repository.rotate(second, third);

        assertThat(repository.retire(first.userId(), v(1))).isEqualTo(RetireOutcome.RETIRED);

        UserKeyRing ring = repository.findKeyRing(first.userId()).orElseThrow();
        assertThat(ring.wrappedPrivateKey(v(1))).isEmpty();
        assertThat(ring.decryptableVersions()).containsExactly(v(2), v(3));
        assertThat(repository.retire(first.userId(), v(1))).isEqualTo(RetireOutcome.NOT_FOUND);
    }

    @Test
    void the_current_version_cannot_be_retired() {
        UserKey first = firstKey(freshUser(), T0);
        repository.insertFirstKey(first);

        assertThat(repository.retire(first.userId(), v(1))).isEqualTo(RetireOutcome.IS_CURRENT);
        assertThat(repository.findKeyRing(first.userId()).orElseThrow().current()).isEqualTo(first);
    }

    @Test
    void retiring_an_unknown_version_is_not_found() {
        UserKey first = firstKey(freshUser(), T0);
        repository.insertFirstKey(first);

        assertThat(repository.retire(first.userId(), v(7))).isEqualTo(RetireOutcome.NOT_FOUND);
        assertThat(repository.retire(freshUser(), v(1))).isEqualTo(RetireOutcome.NOT_FOUND);
    }

    @Test
    void rotation_after_retirement_keeps_versions_increasing() {
        UserKey first = firstKey(freshUser(), T0);
        repository.insertFirstKey(first);
        UserKey second = rotated(first, T0.plusSeconds(1));
        repository.rotate(first, second);
        repository.retire(first.userId(), v(1));
        UserKey third = rotated(second, T0.plusSeconds(2));

        repository.rotate(second, third);

        assertThat(repository.findKeyRing(first.userId()).orElseThrow().decryptableVersions()).containsExactly(v(2), v(3));
    }

    @Test
    void due_listing_pages_in_id_order_by_when_the_current_key_became_current() {
        Instant cutoff = Instant.parse("2030-06-01T00:00:00Z");
        UserId a = freshUser();
        UserId b = freshUser();
        UserId c = freshUser();
        UserId fresh = freshUser();
        UserId rotatedRecently = freshUser();
        repository.insertFirstKey(firstKey(a, Instant.parse("2030-01-01T00:00:00Z")));
        repository.insertFirstKey(firstKey(b, Instant.parse("2030-05-31T23:59:59Z")));
        repository.insertFirstKey(firstKey(c, Instant.parse("2029-01-01T00:00:00Z")));
        repository.insertFirstKey(firstKey(fresh, cutoff));
        UserKey old = firstKey(rotatedRecently, Instant.parse("2029-01-01T00:00:00Z"));
        repository.insertFirstKey(old);
        repository.rotate(old, rotated(old, Instant.parse("2030-07-01T00:00:00Z")));

        List<UserId> all = repository.findCurrentBefore(cutoff, Optional.of(UserId.of(a.value() - 1)), 10);
        assertThat(all).containsExactly(a, b, c);
        assertThat(repository.findCurrentBefore(cutoff, Optional.of(UserId.of(a.value() - 1)), 2)).containsExactly(a, b);
        assertThat(repository.findCurrentBefore(cutoff, Optional.of(b), 2)).containsExactly(c);
        assertThat(repository.findCurrentBefore(cutoff, Optional.of(c), 2)).isEmpty();
    }
}
