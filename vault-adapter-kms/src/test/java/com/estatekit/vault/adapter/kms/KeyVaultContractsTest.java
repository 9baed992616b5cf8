package com.estatekit.vault.adapter.kms;

import com.estatekit.vault.domain.contract.KeyVaultContract;
import com.estatekit.vault.domain.port.out.KeyVault;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/** Every {@link KeyVault} of this module passes the domain's key vault contract. */
class KeyVaultContractsTest {

    private static KmsWireTestServer kms;
    private static AwsKmsKeyVault awsVault;

    @BeforeAll
    static void startKms() {
        CryptoProviders.install();
        kms = KmsWireTestServer.start();
        awsVault = kms.newKeyVault();
    }

    @AfterAll
    static void stopKms() {
        awsVault.close();
        kms.close();
    }

    @Nested
    class AwsKmsKeyVaultOnTheWireServer extends KeyVaultContract {
        @Override
        protected KeyVault newVault() {
            return awsVault;
        }
    }

    @Nested
    class AwsKmsKeyVaultOnTheWireServerReturningJdkStylePkcs8 extends KeyVaultContract {
        @Override
        protected KeyVault newVault() {
            kms.returnPkcs8WithPublicKey(false);
            return awsVault;
        }

        @org.junit.jupiter.api.AfterEach
        void backToKmsStyle() {
            kms.reset();
        }
    }

    @Nested
    class CachingKeyVaultOverAwsKms extends KeyVaultContract {
        @Override
        protected KeyVault newVault() {
            return new CachingKeyVault(awsVault, Duration.ofSeconds(60));
        }
    }

    @Nested
    class CachingKeyVaultWithCachingOff extends KeyVaultContract {
        @Override
        protected KeyVault newVault() {
            return new CachingKeyVault(awsVault, Duration.ZERO);
        }
    }

    @Nested
    class DevKeyVaultOnADisk extends KeyVaultContract {
        @TempDir
        Path directory;

        @Override
        protected KeyVault newVault() {
            return DevKeyVault.open(directory.resolve("dev-kms/master.key"), "dev");
        }
    }
}
