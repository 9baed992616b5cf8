package com.estatekit.vault.domain.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.estatekit.vault.domain.fake.FakeVault;
import com.estatekit.vault.domain.fake.KeyFixtures;
import com.estatekit.vault.domain.model.DependencyUnavailableException;
import com.estatekit.vault.domain.model.KeyVersion;
import com.estatekit.vault.domain.model.UserId;
import com.estatekit.vault.domain.port.in.CreateUserKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class CreateUserKeyServiceTest {

    private static final UserId USER = UserId.of(42);
    private final FakeVault vault = new FakeVault();

    @Test
    void the_first_call_creates_version_one() {
        CreateUserKey.Result result = vault.createKey.createKey(USER);

        assertThat(result).isEqualTo(new CreateUserKey.Result(USER, true, KeyVersion.FIRST));
        var current = vault.keys.findKeyRing(USER).orElseThrow().current();
        assertThat(current.createdAt()).isEqualTo(KeyFixtures.T0);
        assertThat(current.lastRotatedAt()).isEmpty();
    }

    @Test
    void repeating_the_call_reports_the_existing_key_without_asking_kms() {
        vault.createKey.createKey(USER);

        CreateUserKey.Result again = vault.createKey.createKey(USER);

        assertThat(again.created()).isFalse();
        assertThat(again.keyVersion()).isEqualTo(KeyVersion.FIRST);
        assertThat(vault.keyVault.createCalls()).isEqualTo(1);
    }

    @Test
    void after_rotation_the_existing_version_is_reported() {
        vault.createKey.createKey(USER);
        vault.rotate.rotate(USER, java.util.Map.of());

        assertThat(vault.createKey.createKey(USER).keyVersion()).isEqualTo(KeyVersion.of(2));
    }

    @Test
    void concurrent_creates_leave_one_key_and_one_creator() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<CreateUserKey.Result>> calls = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                calls.add(() -> vault.createKey.createKey(USER));
            }
            long creators = 0;
            for (Future<CreateUserKey.Result> future : pool.invokeAll(calls)) {
                creators += future.get().created() ? 1 : 0;
            }
            assertThat(creators).isEqualTo(1);
            assertThat(vault.keys.userCount()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void kms_down_is_unavailable_and_stores_nothing() {
        vault.keyVault.failAsUnavailable();

        assertThatThrownBy(() -> vault.createKey.createKey(USER)).isInstanceOf(DependencyUnavailableException.class);
        assertThat(vault.keys.userCount()).isZero();
    }

    @Test
    void database_down_is_unavailable() {
        vault.keys.failAsUnavailable();

        assertThatThrownBy(() -> vault.createKey.createKey(USER))
                .isInstanceOfSatisfying(DependencyUnavailableException.class,
                        e -> assertThat(e.dependency()).isEqualTo(DependencyUnavailableException.Dependency.DATABASE));
        assertThat(vault.keyVault.createCalls()).isZero();
    }
}
