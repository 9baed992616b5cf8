package com.estatekit.vault.domain.model;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A UTF-8 plaintext on its way into or out of the cipher.
 *
 * <p>Like {@link PrivateKeyMaterial} it has no {@code toString}, {@code equals} or {@code hashCode}
 * of its own, so content never reaches a log by accident, and {@link #close()} wipes the buffer.
 * (The {@link String}s that JSON parsing creates cannot be wiped; this keeps the bytes the vault
 * itself owns short-lived.)
 */
public final class Plaintext implements AutoCloseable {

    private final byte[] utf8;

    private Plaintext(byte[] utf8) {
        this.utf8 = utf8;
    }

    /**
     * Encodes {@code text} as UTF-8.
     *
     * @throws IllegalArgumentException when {@code text} is null or not well-formed UTF-16 (a lone
     *     surrogate): silently replacing it would make decrypt return a different string
     */
    public static Plaintext ofString(String text) {
        if (text == null) {
            throw new IllegalArgumentException("plaintext must not be null");
        }
        try {
            ByteBuffer encoded = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(text));
            byte[] utf8 = new byte[encoded.remaining()];
            encoded.get(utf8);
            if (encoded.hasArray()) {
                Arrays.fill(encoded.array(), (byte) 0);
            }
            return new Plaintext(utf8);
        } catch (CharacterCodingException loneSurrogate) {
            throw new IllegalArgumentException("plaintext must be well-formed Unicode");
        }
    }

    /** Takes ownership of {@code utf8}: the caller must not use or wipe the array afterwards. */
    public static Plaintext takeOwnership(byte[] utf8) {
        if (utf8 == null) {
            throw new IllegalArgumentException("plaintext must not be null");
        }
        return new Plaintext(utf8);
    }

    /**
     * The buffer itself, not a copy, so the cipher can read it without another allocation. Callers
     * must not keep or change it.
     */
    public byte[] exposeUtf8() {
        return utf8;
    }

    /** Number of UTF-8 bytes. */
    public int length() {
        return utf8.length;
    }

    /** Decodes the bytes as UTF-8 (malformed sequences become U+FFFD). */
    public String asString() {
        return new String(utf8, StandardCharsets.UTF_8);
    }

    /** Overwrites the buffer. Idempotent. */
    @Override
    public void close() {
        Arrays.fill(utf8, (byte) 0);
    }
}
