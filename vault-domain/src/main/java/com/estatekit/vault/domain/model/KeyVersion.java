package com.estatekit.vault.domain.model;

/**
 * The version of a user's key pair. Version 1 is the first key; each rotation adds one.
 *
 * @param value the version, always {@code >= 1}
 */
public record KeyVersion(int value) implements Comparable<KeyVersion> {

    /** The version of a user's first key. */
    public static final KeyVersion FIRST = new KeyVersion(1);

    private static final String MESSAGE = "key version must be an integer >= 1";

    /** @throws IllegalArgumentException when {@code value < 1} */
    public KeyVersion {
        if (value < 1) {
            throw new IllegalArgumentException(MESSAGE);
        }
    }

    /** The version {@code value}. @throws IllegalArgumentException when {@code value < 1} */
    public static KeyVersion of(int value) {
        return new KeyVersion(value);
    }

    /**
     * Parses the canonical decimal form: ASCII digits, no sign, no leading zero, at most
     * {@link Integer#MAX_VALUE}.
     *
     * @throws IllegalArgumentException for anything else, with a message that never echoes the input
     */
    public static KeyVersion parse(String text) {
        return new KeyVersion((int) CanonicalDecimal.parse(text, Integer.MAX_VALUE, MESSAGE));
    }

    /**
     * The version a rotation moves to.
     *
     * @throws IllegalStateException when this is already the largest representable version
     */
    public KeyVersion next() {
        if (value == Integer.MAX_VALUE) {
            throw new IllegalStateException("key version cannot grow past " + Integer.MAX_VALUE);
        }
        return new KeyVersion(value + 1);
    }

    @Override
    public int compareTo(KeyVersion other) {
        return Integer.compare(value, other.value);
    }

    @Override
    public String toString() {
        return Integer.toString(value);
    }
}
