package com.estatekit.vault.domain.fake;

import com.estatekit.vault.domain.contract.CipherContract;
import com.estatekit.vault.domain.contract.KeyRepositoryContract;
import com.estatekit.vault.domain.contract.KeyVaultContract;
import com.estatekit.vault.domain.port.out.Cipher;
import com.estatekit.vault.domain.port.out.KeyRepository;
import com.estatekit.vault.domain.port.out.KeyVault;
import org.junit.jupiter.api.Nested;

/** The fakes are only trustworthy stand-ins if they pass the same contracts as the real adapters. */
class FakesHonourTheirContractsTest {

    @Nested
    class InMemoryKeyRepositoryHonoursTheContract extends KeyRepositoryContract {
        @Override
        protected KeyRepository newRepository() {
            return new InMemoryKeyRepository();
        }
    }

    @Nested
    class FakeKeyVaultHonoursTheContract extends KeyVaultContract {
        @Override
        protected KeyVault newVault() {
            return new FakeKeyVault();
        }
    }

    @Nested
    class FakeCipherHonoursTheContract extends CipherContract {
        @Override
        protected Cipher newCipher() {
            return new FakeCipher();
        }
    }
}
