package com.estatekit.vault.adapter.http;

import com.estatekit.vault.domain.model.SealedValue;

/**
 * Size limits of the API; exceeding any of them is a {@code 413}.
 *
 * @param maxItemsPerBatch most items in one {@code plaintexts}, {@code ciphertexts} or {@code values}
 * @param maxItemBytes most UTF-8 bytes of one plaintext; a ciphertext may be as long as the
 *     ciphertext of such a plaintext ({@link #maxCiphertextChars()})
 * @param maxBodyBytes most bytes of a request body
 */
public record Limits(int maxItemsPerBatch, int maxItemBytes, long maxBodyBytes) {

    /** Default: 1000 items per batch. */
    public static final int DEFAULT_MAX_ITEMS_PER_BATCH = 1000;
    /** Default: 64 KiB per plaintext. */
    public static final int DEFAULT_MAX_ITEM_BYTES = 64 * 1024;
    /** Default: 4 MiB per request body. */
    public static final long DEFAULT_MAX_BODY_BYTES = 4L * 1024 * 1024;

    /** Longest rotation value name, in UTF-16 chars. */
    static final int MAX_NAME_CHARS = 256;

    /** @throws IllegalArgumentException saying which limit is out of range and what is allowed */
    public Limits {
        if (maxItemsPerBatch < 1 || maxItemsPerBatch > 100_000) {
            throw new IllegalArgumentException("maxItemsPerBatch must be 1..100000, was " + maxItemsPerBatch);
        }
        if (maxItemBytes < 1 || maxItemBytes > 16 * 1024 * 1024) {
            throw new IllegalArgumentException("maxItemBytes must be 1..16777216, was " + maxItemBytes);
        }
        if (maxBodyBytes < 1024 || maxBodyBytes > 512L * 1024 * 1024) {
            throw new IllegalArgumentException("maxBodyBytes must be 1024..536870912, was " + maxBodyBytes);
        }
    }

    /** 1000 items, 64 KiB per item, 4 MiB per body. */
    public static Limits defaults() {
        return new Limits(DEFAULT_MAX_ITEMS_PER_BATCH, DEFAULT_MAX_ITEM_BYTES, DEFAULT_MAX_BODY_BYTES);
    }

    /**
     * Longest ciphertext accepted: {@code ek1:}, a ten-digit version, {@code :}, and the unpadded
     * base64url of the HPKE payload of a {@link #maxItemBytes()}-byte plaintext.
     */
    public int maxCiphertextChars() {
        long payload = (long) SealedValue.MIN_PAYLOAD_BYTES + maxItemBytes;
        long base64 = (payload * 4 + 2) / 3;
        return (int) Math.min(Integer.MAX_VALUE, SealedValue.PREFIX.length() + 10 + 1 + base64);
    }
}
