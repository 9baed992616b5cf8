package com.estatekit.vault.domain.model;

/** The one spelling of a positive integer the vault accepts in text: ASCII digits, no sign, no leading zero. */
final class CanonicalDecimal {

    private CanonicalDecimal() {
    }

    /**
     * @return the value, at most {@code max}
     * @throws IllegalArgumentException with {@code message} (never the input) for anything else
     */
    static long parse(String text, long max, String message) {
        if (text == null || text.isEmpty() || text.length() > 19 || text.charAt(0) == '0') {
            throw new IllegalArgumentException(message);
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException(message);
            }
        }
        long value;
        try {
            value = Long.parseLong(text);
        } catch (NumberFormatException tooLarge) {
            throw new IllegalArgumentException(message);
        }
        if (value > max) {
            throw new IllegalArgumentException(message);
        }
        return value;
    }
}
