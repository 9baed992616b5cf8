package com.estatekit.vault.adapter.http;

import com.estatekit.vault.domain.port.in.CreateUserKey;
import com.estatekit.vault.domain.port.in.DecryptStrings;
import com.estatekit.vault.domain.port.in.DeleteUserKeys;
import com.estatekit.vault.domain.port.in.DescribeUserKey;
import com.estatekit.vault.domain.port.in.EncryptStrings;
import com.estatekit.vault.domain.port.in.ListKeysDueForRotation;
import com.estatekit.vault.domain.port.in.RetireKeyVersion;
import com.estatekit.vault.domain.port.in.RotateUserKey;
import java.util.Objects;

/** The eight use cases the API serves, one per route family; the composition root builds it. */
public record VaultUseCases(
        CreateUserKey createUserKey,
        DescribeUserKey describeUserKey,
        EncryptStrings encryptStrings,
        DecryptStrings decryptStrings,
        RotateUserKey rotateUserKey,
        DeleteUserKeys deleteUserKeys,
        RetireKeyVersion retireKeyVersion,
        ListKeysDueForRotation listKeysDueForRotation) {

    /** @throws NullPointerException naming the missing use case */
    public VaultUseCases {
        Objects.requireNonNull(createUserKey, "createUserKey");
        Objects.requireNonNull(describeUserKey, "describeUserKey");
        Objects.requireNonNull(encryptStrings, "encryptStrings");
        Objects.requireNonNull(decryptStrings, "decryptStrings");
        Objects.requireNonNull(rotateUserKey, "rotateUserKey");
        Objects.requireNonNull(deleteUserKeys, "deleteUserKeys");
        Objects.requireNonNull(retireKeyVersion, "retireKeyVersion");
        Objects.requireNonNull(listKeysDueForRotation, "listKeysDueForRotation");
    }
}
