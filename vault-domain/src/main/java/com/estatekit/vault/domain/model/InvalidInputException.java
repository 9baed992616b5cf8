package com.estatekit.vault.domain.model;

import java.util.OptionalInt;

/**
 * An input that can never be valid, such as a null item in a batch. Names the field and, for a
 * batch, the item's index; never its content.
 */
public final class InvalidInputException extends VaultException {

    private final String field;
    private final Integer index;

    /** A whole-field problem, e.g. {@code ("plaintexts", "must not be null")}. */
    public InvalidInputException(String field, String reason) {
        super(field + " " + reason);
        this.field = field;
        this.index = null;
    }

    /** A problem with item {@code index} of the batch {@code field}. */
    public InvalidInputException(String field, int index, String reason) {
        super(field + "[" + index + "] " + reason);
        this.field = field;
        this.index = index;
    }

    /** The field at fault. */
    public String field() {
        return field;
    }

    /** The index of the item at fault, when the field is a batch. */
    public OptionalInt index() {
        return index == null ? OptionalInt.empty() : OptionalInt.of(index);
    }
}
