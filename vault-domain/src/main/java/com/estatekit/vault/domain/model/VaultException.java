package com.estatekit.vault.domain.model;

/**
 * The closed set of failures the vault's use cases report. Each carries data (user id, item index,
 * key version, dependency) and never secret content: no plaintext, ciphertext or key material is
 * ever part of a message, and no adapter exception is chained in as a cause, because causes carry
 * messages the vault does not control.
 *
 * <p>The HTTP adapter maps each type to one status and problem type, in one place.
 */
public abstract sealed class VaultException extends RuntimeException
        permits InvalidInputException, KeyNotFoundException, CannotOpenException, KeyChangeConflictException,
                DependencyUnavailableException, KeyMaterialUnusableException {

    VaultException(String message) {
        super(message, null, false, true);
    }
}
