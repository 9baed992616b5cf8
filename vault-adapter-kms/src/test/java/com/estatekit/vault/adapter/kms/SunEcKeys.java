package com.estatekit.vault.adapter.kms;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;

/**
 * P-256 pairs from the JDK's own SunEC, whatever provider is first: its PKCS#8 carries the scalar
 * only, unlike ACCP's and KMS's, which carry the public key too.
 */
final class SunEcKeys {

    private SunEcKeys() {
    }

    static KeyPair p256() {
        return generate("secp256r1");
    }

    static KeyPair generate(String curve) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", "SunEC");
            generator.initialize(new ECGenParameterSpec(curve));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SunEC cannot make " + curve + " keys", e);
        }
    }
}
