package com.estatekit.vault.adapter.kms;

import com.estatekit.vault.domain.contract.CipherContract;
import com.estatekit.vault.domain.port.out.Cipher;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;

/** The real cipher passes the domain's cipher contract, with and without the opener cache. */
class HpkeCipherContractTest {

    @BeforeAll
    static void installProviders() {
        CryptoProviders.install();
    }

    @Nested
    class WithoutOpenerCache extends CipherContract {
        @Override
        protected Cipher newCipher() {
            return new HpkeCipher();
        }
    }

    @Nested
    class WithOpenerCache extends CipherContract {
        @Override
        protected Cipher newCipher() {
            return HpkeCipher.withOpenerCache(Duration.ofSeconds(60));
        }
    }
}
