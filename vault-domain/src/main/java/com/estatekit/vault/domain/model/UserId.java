package com.estatekit.vault.domain.model;

/**
 * The EstateKit user whose keys and data the vault guards: a positive 64-bit integer.
 *
 * <p>{@link #parse(String)} is strict on purpose: the id arrives in URL paths, and a lenient parser
 * ({@code +42}, {@code 042}, {@code 4_2}) would let two spellings name one user in logs and audit.
 *
 * @param value the id, always {@code >= 1}
 */
public record UserId(long value) implements Comparable<UserId> {

    private static final String MESSAGE = "user id must be a positive 64-bit integer";

    /** @throws IllegalArgumentException when {@code value < 1} */
    public UserId {
        if (value < 1) {
            throw new IllegalArgumentException(MESSAGE);
        }
    }

    /** The id for {@code value}. @throws IllegalArgumentException when {@code value < 1} */
    public static UserId of(long value) {
        return new UserId(value);
    }

    /**
     * Parses the canonical decimal form: ASCII digits only, no sign, no leading zero, at most
     * {@link Long#MAX_VALUE}.
     *
     * @throws IllegalArgumentException for anything else, with a message that never echoes the input
     */
    public static UserId parse(String text) {
        return new UserId(CanonicalDecimal.parse(text, Long.MAX_VALUE, MESSAGE));
    }

    @Override
    public int compareTo(UserId other) {
        return Long.compare(value, other.value);
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
