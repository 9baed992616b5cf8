package com.estatekit.vault.adapter.kms;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import com.google.crypto.tink.subtle.EngineFactory;
import java.security.Provider;
import java.security.Security;
import java.util.Arrays;
import java.util.Locale;
import javax.crypto.KeyAgreement;
import org.junit.jupiter.api.Test;

class CryptoProvidersTest {

    private static final String ACCP = AmazonCorrettoCryptoProvider.PROVIDER_NAME;

    private static boolean onLinuxX86() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch");
        return os.contains("linux") && ("amd64".equals(arch) || "x86_64".equals(arch));
    }

    @Test
    void accp_is_installed_first_where_its_native_library_loads_and_tink_then_uses_it() throws Exception {
        CryptoProviders.Active active = CryptoProviders.install();

        if (onLinuxX86()) {
            // The build ships the linux-x86_64 ACCP: here it must load, or the vault is silently slow.
            assertThat(active.kind()).isEqualTo(CryptoProviders.Kind.ACCP);
        }
        if (active.kind() == CryptoProviders.Kind.ACCP) {
            assertThat(active.name()).startsWith("ACCP 2.").contains("AWS-LC");
            assertThat(active.fallbackReason()).isNull();
            assertThat(Security.getProviders()[0].getName()).isEqualTo(ACCP);
            assertThat(KeyAgreement.getInstance("ECDH").getProvider().getName()).isEqualTo(ACCP);
            // Tink looks its primitives up through EngineFactory: these are what seal and open run on.
            assertThat(EngineFactory.KEY_AGREEMENT.getInstance("ECDH").getProvider().getName()).isEqualTo(ACCP);
            assertThat(EngineFactory.KEY_PAIR_GENERATOR.getInstance("EC").getProvider().getName()).isEqualTo(ACCP);
            assertThat(EngineFactory.CIPHER.getInstance("AES/GCM/NoPadding").getProvider().getName()).isEqualTo(ACCP);
            assertThat(EngineFactory.MAC.getInstance("HmacSHA256").getProvider().getName()).isEqualTo(ACCP);
        } else {
            assertThat(active.name()).startsWith("JDK ");
            assertThat(active.fallbackReason()).isNotBlank();
        }
    }

    @Test
    void installing_twice_changes_nothing() {
        CryptoProviders.Active first = CryptoProviders.install();
        CryptoProviders.Active second = CryptoProviders.install();

        assertThat(second).isEqualTo(first);
        assertThat(CryptoProviders.active()).isEqualTo(first);
        assertThat(Arrays.stream(Security.getProviders()).filter(p -> p.getName().equals(ACCP))).hasSizeLessThanOrEqualTo(1);
    }

    @Test
    void when_the_native_library_does_not_load_the_jdk_provider_is_reported() {
        withoutAccp(() -> {
            CryptoProviders.Active active = CryptoProviders.install(new FakeAccp(new UnsatisfiedLinkError("no libamazonCorrettoCryptoProvider"), false));

            assertThat(active.kind()).isEqualTo(CryptoProviders.Kind.JDK);
            assertThat(active.name()).isEqualTo("JDK " + KeyAgreement.getInstance("ECDH").getProvider().getName() + " "
                    + KeyAgreement.getInstance("ECDH").getProvider().getVersionStr());
            assertThat(active.fallbackReason()).contains("did not load").contains("UnsatisfiedLinkError");
            assertThat(Security.getProvider(ACCP)).isNull();
        });
    }

    @Test
    void when_the_self_tests_fail_the_provider_is_taken_out_again() {
        withoutAccp(() -> {
            FakeAccp broken = new FakeAccp(null, true);
            CryptoProviders.Active active = CryptoProviders.install(broken);

            assertThat(active.kind()).isEqualTo(CryptoProviders.Kind.JDK);
            assertThat(active.fallbackReason()).contains("self-tests");
            assertThat(Security.getProvider(FakeAccp.NAME)).isNull();
        });
    }

    @Test
    void when_accp_is_missing_altogether_the_jdk_provider_is_reported() {
        withoutAccp(() -> {
            CryptoProviders.Active active = CryptoProviders.install(null);

            assertThat(active.kind()).isEqualTo(CryptoProviders.Kind.JDK);
            assertThat(active.fallbackReason()).contains("not on the class path");
        });
    }

    /** Runs {@code body} with ACCP out of the provider list, and puts it back where it was. */
    private static void withoutAccp(ThrowingRunnable body) {
        Provider[] before = Security.getProviders();
        int position = Arrays.asList(before).indexOf(Security.getProvider(ACCP));
        Security.removeProvider(ACCP);
        try {
            body.run();
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            if (position >= 0) {
                Security.insertProviderAt(AmazonCorrettoCryptoProvider.INSTANCE, position + 1);
            }
        }
        assertThat(Security.getProviders()).containsExactly(before);
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** An ACCP stand-in that fails to load or fails its self-tests. */
    private static final class FakeAccp implements CryptoProviders.Accp {
        static final String NAME = "FakeAccpForTests";
        private final Throwable loadingError;
        private final boolean unhealthy;

        FakeAccp(Throwable loadingError, boolean unhealthy) {
            this.loadingError = loadingError;
            this.unhealthy = unhealthy;
        }

        @Override
        public Throwable loadingError() {
            return loadingError;
        }

        @Override
        public void installFirst() {
            Security.insertProviderAt(new Provider(NAME, "1.0", "test") { }, 1);
        }

        @Override
        public void assertHealthy() {
            if (unhealthy) {
                throw new IllegalStateException("self-test failed");
            }
        }

        @Override
        public void uninstall() {
            Security.removeProvider(NAME);
        }

        @Override
        public String name() {
            return NAME;
        }
    }
}
