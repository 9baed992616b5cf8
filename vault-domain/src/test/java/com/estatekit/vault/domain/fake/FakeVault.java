package com.estatekit.vault.domain.fake;

import com.estatekit.vault.domain.port.in.CreateUserKey;
import com.estatekit.vault.domain.port.in.DecryptStrings;
import com.estatekit.vault.domain.port.in.DeleteUserKeys;
import com.estatekit.vault.domain.port.in.DescribeUserKey;
import com.estatekit.vault.domain.port.in.EncryptStrings;
import com.estatekit.vault.domain.port.in.ListKeysDueForRotation;
import com.estatekit.vault.domain.port.in.RetireKeyVersion;
import com.estatekit.vault.domain.port.in.RotateUserKey;
import com.estatekit.vault.domain.service.CreateUserKeyService;
import com.estatekit.vault.domain.service.DecryptStringsService;
import com.estatekit.vault.domain.service.DeleteUserKeysService;
import com.estatekit.vault.domain.service.DescribeUserKeyService;
import com.estatekit.vault.domain.service.EncryptStringsService;
import com.estatekit.vault.domain.service.ListKeysDueForRotationService;
import com.estatekit.vault.domain.service.RetireKeyVersionService;
import com.estatekit.vault.domain.service.RotateUserKeyService;

/**
 * Every use case wired over the fakes, the way the app wires them over real adapters. Tests of the
 * domain and of inbound adapters start from here and reach into the fakes to inject failures.
 */
public final class FakeVault {

    public final InMemoryKeyRepository keys = new InMemoryKeyRepository();
    public final FakeKeyVault keyVault = new FakeKeyVault();
    public final FakeCipher cipher = new FakeCipher();
    public final MutableClock clock = new MutableClock(KeyFixtures.T0);

    public final CreateUserKey createKey = new CreateUserKeyService(keys, keyVault, clock);
    public final DescribeUserKey describeKey = new DescribeUserKeyService(keys);
    public final EncryptStrings encrypt = new EncryptStringsService(keys, cipher);
    public final DecryptStrings decrypt = new DecryptStringsService(keys, keyVault, cipher);
    public final RotateUserKey rotate = new RotateUserKeyService(keys, keyVault, cipher, clock);
    public final DeleteUserKeys deleteKeys = new DeleteUserKeysService(keys, keyVault, cipher);
    public final RetireKeyVersion retireVersion = new RetireKeyVersionService(keys, keyVault, cipher);
    public final ListKeysDueForRotation listDue = new ListKeysDueForRotationService(keys);
}
