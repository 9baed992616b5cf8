package com.estatekit.vault.domain.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.estatekit.vault.domain.fake.FakeVault;
import com.estatekit.vault.domain.model.InvalidInputException;
import com.estatekit.vault.domain.model.UserId;
import com.estatekit.vault.domain.port.in.ListKeysDueForRotation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ListKeysDueForRotationServiceTest {

    private final FakeVault vault = new FakeVault();

    @Test
    void pages_through_every_due_user_in_id_order() {
        for (long id = 1; id <= 7; id++) {
            vault.createKey.createKey(UserId.of(id));
        }
        vault.clock.advance(Duration.ofDays(100));
        vault.rotate.rotate(UserId.of(4), Map.of());
        Instant cutoff = vault.clock.instant().minus(Duration.ofDays(1));

        List<UserId> seen = new ArrayList<>();
        Optional<UserId> after = Optional.empty();
        int pages = 0;
        do {
            ListKeysDueForRotation.Page page = vault.listDue.listDue(cutoff, after, 2);
            seen.addAll(page.userIds());
            after = page.next();
            pages++;
        } while (after.isPresent());

        assertThat(seen).extracting(UserId::value).containsExactly(1L, 2L, 3L, 5L, 6L, 7L);
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void an_exactly_full_last_page_says_there_is_no_next() {
        vault.createKey.createKey(UserId.of(1));
        vault.createKey.createKey(UserId.of(2));

        ListKeysDueForRotation.Page page = vault.listDue.listDue(vault.clock.instant().plusSeconds(1), Optional.empty(), 2);

        assertThat(page.userIds()).hasSize(2);
        assertThat(page.next()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 1001})
    void a_limit_out_of_range_is_invalid(int limit) {
        assertThatThrownBy(() -> vault.listDue.listDue(Instant.now(), Optional.empty(), limit))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("limit"));
    }

    @Test
    void a_missing_cutoff_is_invalid() {
        assertThatThrownBy(() -> vault.listDue.listDue(null, Optional.empty(), 10)).isInstanceOf(InvalidInputException.class);
    }
}
