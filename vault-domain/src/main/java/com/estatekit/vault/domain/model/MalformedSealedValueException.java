package com.estatekit.vault.domain.model;

/**
 * The one failure of {@link SealedValue#parse(String)}. It says nothing about which check failed
 * and never carries the input, so neither an attacker nor a log learns anything from it.
 */
public final class MalformedSealedValueException extends IllegalArgumentException {

    /** Creates the failure; there is nothing to say beyond "malformed". */
    public MalformedSealedValueException() {
        super("not a valid ek1 sealed value");
    }
}
