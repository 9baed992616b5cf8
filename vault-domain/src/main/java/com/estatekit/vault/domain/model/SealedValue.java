package com.estatekit.vault.domain.model;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * One encrypted string in the vault's public ciphertext format,
 * {@code ek1:<keyVersion>:<payload>}.
 *
 * <ul>
 *   <li>{@code keyVersion}: decimal, {@code >= 1}, no sign, no leading zero;</li>
 *   <li>{@code payload}: base64url without padding of {@code enc || ct}, where {@code enc} is the
 *       65-byte uncompressed P-256 ephemeral public key of HPKE and {@code ct} the AES-256-GCM
 *       ciphertext including its 16-byte tag.</li>
 * </ul>
 *
 * <p>The HPKE {@code info} for a value is {@link #hpkeInfo(UserId, KeyVersion)}; the {@code aad} is
 * empty. Clients in other languages produce and parse this format, so it never changes; a new
 * format would get a new prefix.
 *
 * <p>The parser is strict (one spelling per value, so nothing can be smuggled past a comparison)
 * and throws only {@link MalformedSealedValueException}, whose message never echoes the input.
 * A ciphertext is not a secret in the cryptographic sense, but it is user data: {@link #toString()}
 * shows the version and length only.
 *
 * @param version the key version the value was sealed under
 * @param payload {@code enc || ct}; copied in and out
 */
public record SealedValue(KeyVersion version, byte[] payload) {

    /** The format prefix. */
    public static final String PREFIX = "ek1:";
    /** Bytes of the HPKE encapsulated key: an uncompressed P-256 point. */
    public static final int ENCAPSULATED_KEY_BYTES = 65;
    /** Bytes of the AES-GCM authentication tag. */
    public static final int TAG_BYTES = 16;
    /** Shortest payload: an encapsulated key and the tag of an empty plaintext. */
    public static final int MIN_PAYLOAD_BYTES = ENCAPSULATED_KEY_BYTES + TAG_BYTES;

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    /** @throws IllegalArgumentException when either part is missing or the payload is too short */
    public SealedValue {
        if (version == null) {
            throw new IllegalArgumentException("sealed value needs a key version");
        }
        if (payload == null || payload.length < MIN_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("sealed value payload must be at least " + MIN_PAYLOAD_BYTES + " bytes");
        }
        payload = payload.clone();
    }

    /**
     * Parses {@code text} strictly.
     *
     * @throws MalformedSealedValueException for anything that is not exactly one canonical value
     */
    public static SealedValue parse(String text) {
        if (text == null || !text.startsWith(PREFIX)) {
            throw new MalformedSealedValueException();
        }
        int versionEnd = text.indexOf(':', PREFIX.length());
        if (versionEnd < 0) {
            throw new MalformedSealedValueException();
        }
        KeyVersion version;
        try {
            version = KeyVersion.parse(text.substring(PREFIX.length(), versionEnd));
        } catch (IllegalArgumentException badVersion) {
            throw new MalformedSealedValueException();
        }
        String encoded = text.substring(versionEnd + 1);
        if (!isCanonicalBase64Url(encoded)) {
            throw new MalformedSealedValueException();
        }
        byte[] payload = DECODER.decode(encoded);
        if (payload.length < MIN_PAYLOAD_BYTES || !ENCODER.encodeToString(payload).equals(encoded)) {
            // The round trip refuses non-zero padding bits, which would give one value two spellings.
            throw new MalformedSealedValueException();
        }
        return new SealedValue(version, payload);
    }

    /** Only the URL-safe alphabet, no padding, and a length base64 can produce. */
    private static boolean isCanonicalBase64Url(String encoded) {
        if (encoded.isEmpty() || encoded.length() % 4 == 1) {
            return false;
        }
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            boolean allowed = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_';
            if (!allowed) {
                return false;
            }
        }
        return true;
    }

    /** Builds a value from the HPKE output {@code enc || ct}. */
    public static SealedValue of(KeyVersion version, byte[] payload) {
        return new SealedValue(version, payload);
    }

    /**
     * The HPKE {@code info} that binds a value to its user and key version: the ASCII bytes of
     * {@code estatekit-vault:ek1:user:<userId>:key:<keyVersion>}.
     */
    public static byte[] hpkeInfo(UserId userId, KeyVersion version) {
        return ("estatekit-vault:ek1:user:" + userId.value() + ":key:" + version.value())
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** The canonical text form. */
    public String format() {
        return PREFIX + version.value() + ':' + ENCODER.encodeToString(payload);
    }

    /** A copy of {@code enc || ct}. */
    @Override
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SealedValue that && version.equals(that.version) && Arrays.equals(payload, that.payload);
    }

    @Override
    public int hashCode() {
        return 31 * version.hashCode() + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "SealedValue[version=" + version + ", " + payload.length + " bytes]";
    }
}
