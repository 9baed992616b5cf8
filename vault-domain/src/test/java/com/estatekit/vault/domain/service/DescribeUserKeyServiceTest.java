package com.estatekit.vault.domain.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.estatekit.vault.domain.fake.FakeVault;
import com.estatekit.vault.domain.fake.KeyFixtures;
import com.estatekit.vault.domain.model.KeyNotFoundException;
import com.estatekit.vault.domain.model.KeyVersion;
import com.estatekit.vault.domain.model.UserId;
import com.estatekit.vault.domain.port.in.DescribeUserKey;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DescribeUserKeyServiceTest {

    private static final UserId USER = UserId.of(7);
    private final FakeVault vault = new FakeVault();

    @Test
    void describes_the_current_key_and_every_decryptable_version() {
        vault.createKey.createKey(USER);
        vault.clock.advance(Duration.ofDays(90));
        vault.rotate.rotate(USER, Map.of());

        DescribeUserKey.Description description = vault.describeKey.describeKey(USER);

        assertThat(description.currentVersion()).isEqualTo(KeyVersion.of(2));
        assertThat(description.algorithm()).isEqualTo(DescribeUserKey.ALGORITHM);
        assertThat(description.publicKey()).isEqualTo(vault.keys.findKeyRing(USER).orElseThrow().current().publicKey());
        assertThat(description.createdAt()).isEqualTo(KeyFixtures.T0);
        assertThat(description.rotatedAt()).contains(KeyFixtures.T0.plus(Duration.ofDays(90)));
        assertThat(description.decryptableVersions()).containsExactly(KeyVersion.of(1), KeyVersion.of(2));
    }

    @Test
    void a_user_without_a_key_is_not_found() {
        assertThatThrownBy(() -> vault.describeKey.describeKey(USER)).isInstanceOf(KeyNotFoundException.class)
                .hasMessage("user 7 has no key");
    }
}
