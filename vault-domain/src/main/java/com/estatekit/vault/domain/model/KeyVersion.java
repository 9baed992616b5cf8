package com.estatekit.vault.domain.model;

/**
 * The version of a user's key pair. Version 1 is the first key; each rotation adds one.
 *
 * @param value the version, always {@code >= 1}
 */
public record KeyVersion(int value) implements Comparable<KeyVersion> {

    /** The version of a user's first key. */
    public static final KeyVersion FIRST = new KeyVersion(1);

    /** @throws IllegalArgumentException when {@code value < 1} */
    public KeyVersion {
        if (value < 1) {
            throw new IllegalArgumentException("key version must be an integer >= 1");
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
        if (text == null || text.isEmpty() || text.length() > 10 || text.charAt(0) == '0') {
            throw new IllegalArgumentException("key version must be an integer >= 1");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("key version must be an integer >= 1");
            }
        }
        try {
            return new KeyVersion(Integer.parseInt(text));
        } catch (NumberFormatException tooLarge) {
            throw new IllegalArgumentException("key version must be an integer >= 1");
        }
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
