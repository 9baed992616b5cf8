package com.estatekit.vault.adapter.kms;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.Security;
import javax.crypto.KeyAgreement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the JCE provider behind the HPKE cipher: the Amazon Corretto Crypto Provider (ACCP,
 * native AWS-LC) as the first provider where its native library loads and passes its self-tests,
 * the JDK's own providers otherwise. Tink looks primitives up through the installed provider list,
 * so whatever is first for {@code KeyAgreement ECDH}, {@code AES/GCM} and {@code HmacSHA256} is what
 * seals and opens.
 *
 * <p>Call {@link #install()} once at start-up, before the first seal or open, and log
 * {@link #active()}. It is idempotent and thread-safe. ACCP is roughly fifteen times faster than
 * the JDK's P-256 here; falling back is slower, never less correct.
 */
public final class CryptoProviders {

    private static final Logger LOG = LoggerFactory.getLogger(CryptoProviders.class);

    /** Which implementation does the vault's public-key crypto. */
    public enum Kind {
        /** Amazon Corretto Crypto Provider, native AWS-LC. */
        ACCP,
        /** The JDK's own providers (SunEC and SunJCE). */
        JDK
    }

    /**
     * The active provider.
     *
     * @param kind ACCP or the JDK
     * @param name a human name, e.g. {@code "ACCP 2.5.0 (AWS-LC 1.47.0)"} or {@code "JDK SunEC 17"}
     * @param fallbackReason why ACCP is not active (secret-free, for the start-up log); null when it is
     */
    public record Active(Kind kind, String name, String fallbackReason) {
    }

    /** What {@link #install()} needs from ACCP, so the fallback path can be tested without breaking it. */
    interface Accp {
        /** The native library's loading error, null when it loaded. */
        Throwable loadingError();

        /** Puts the provider first. */
        void installFirst();

        /** Runs the self-tests; throws when unhealthy. */
        void assertHealthy();

        /** Takes the provider out again. */
        void uninstall();

        /** E.g. "ACCP 2.5.0 (AWS-LC 1.47.0)". */
        String name();
    }

    private static Active active;

    private CryptoProviders() {
    }

    /**
     * Installs ACCP first where it works; otherwise leaves the JDK providers alone. Idempotent.
     *
     * @return what is active now
     */
    public static synchronized Active install() {
        if (active == null) {
            active = install(realAccp());
            if (active.kind() == Kind.ACCP) {
                LOG.info("crypto provider: {} installed as the first JCE provider", active.name());
            } else {
                LOG.warn("crypto provider: {} (ACCP not active: {}); HPKE will be several times slower",
                        active.name(), active.fallbackReason());
            }
        }
        return active;
    }

    /**
     * What is active: the result of {@link #install()}, or, before it ran, whatever provider the JVM
     * answers {@code KeyAgreement ECDH} with.
     */
    public static synchronized Active active() {
        return active != null ? active : describeCurrent(null);
    }

    /** The decision, apart from the real ACCP so tests can feed it a broken one. */
    static Active install(Accp accp) {
        if (accp == null) {
            return describeCurrent("ACCP is not on the class path or does not support this platform");
        }
        Throwable loadingError;
        try {
            loadingError = accp.loadingError();
        } catch (RuntimeException | LinkageError e) {
            return describeCurrent("ACCP could not be initialised (" + e.getClass().getSimpleName() + ")");
        }
        if (loadingError != null) {
            return describeCurrent("ACCP native library did not load (" + loadingError.getClass().getSimpleName() + ")");
        }
        try {
            accp.installFirst();
            accp.assertHealthy();
        } catch (RuntimeException | LinkageError e) {
            accp.uninstall();
            return describeCurrent("ACCP failed its self-tests (" + e.getClass().getSimpleName() + ")");
        }
        return new Active(Kind.ACCP, accp.name(), null);
    }

    /** Reports the provider that currently answers ECDH, the KEM's expensive step. */
    static Active describeCurrent(String fallbackReason) {
        Provider provider;
        try {
            provider = KeyAgreement.getInstance("ECDH").getProvider();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM offers no ECDH key agreement; P-256 HPKE cannot work", e);
        }
        if (AmazonCorrettoCryptoProvider.PROVIDER_NAME.equals(provider.getName())) {
            return new Active(Kind.ACCP, accpName(), fallbackReason);
        }
        return new Active(Kind.JDK, "JDK " + provider.getName() + " " + provider.getVersionStr(), fallbackReason);
    }

    private static String accpName() {
        return "ACCP " + AmazonCorrettoCryptoProvider.INSTANCE.getVersionStr()
                + " (" + AmazonCorrettoCryptoProvider.INSTANCE.getAwsLcVersionStr()
                + (AmazonCorrettoCryptoProvider.INSTANCE.isFips() ? ", FIPS" : "") + ")";
    }

    /** The real ACCP, or null when its classes cannot even be loaded. */
    private static Accp realAccp() {
        try {
            AmazonCorrettoCryptoProvider instance = AmazonCorrettoCryptoProvider.INSTANCE;
            return new Accp() {
                @Override
                public Throwable loadingError() {
                    return instance.getLoadingError();
                }

                @Override
                public void installFirst() {
                    AmazonCorrettoCryptoProvider.install();
                }

                @Override
                public void assertHealthy() {
                    instance.assertHealthy();
                }

                @Override
                public void uninstall() {
                    Security.removeProvider(instance.getName());
                }

                @Override
                public String name() {
                    return accpName();
                }
            };
        } catch (LinkageError notOnThisPlatform) {
            return null;
        }
    }
}
