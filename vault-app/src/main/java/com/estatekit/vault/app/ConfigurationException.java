package com.estatekit.vault.app;

/**
 * A setting is missing or malformed. The message is one line that names the variable and what it
 * expects, and never echoes a secret value.
 */
public final class ConfigurationException extends RuntimeException {

    /** @param message one line: the variable, and what it expects */
    public ConfigurationException(String message) {
        super(message);
    }
}
