package com.estatekit.vault.adapter.http;

/** The per-operation scopes; the configured prefix ({@code vault/} by default) goes before each name. */
enum Scope {
    KEYS_CREATE("keys.create"),
    KEYS_READ("keys.read"),
    ENCRYPT("encrypt"),
    DECRYPT("decrypt"),
    KEYS_ROTATE("keys.rotate"),
    KEYS_DELETE("keys.delete");

    private final String suffix;

    Scope(String suffix) {
        this.suffix = suffix;
    }

    String fullName(String prefix) {
        return prefix + suffix;
    }
}
