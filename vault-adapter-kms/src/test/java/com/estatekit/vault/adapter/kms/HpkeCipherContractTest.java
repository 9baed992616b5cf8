package com.estatekit.vault.adapter.kms;

import com.estatekit.vault.domain.contract.CipherContract;
import com.estatekit.vault.domain.port.out.Cipher;
import org.junit.jupiter.api.BeforeAll;

/** The real cipher passes the domain's cipher contract, on whichever provider the JVM offers first. */
class HpkeCipherContractTest extends CipherContract {

    @BeforeAll
    static void installProviders() {
        CryptoProviders.install();
    }

    @Override
    protected Cipher newCipher() {
        return new HpkeCipher();
    }
}
