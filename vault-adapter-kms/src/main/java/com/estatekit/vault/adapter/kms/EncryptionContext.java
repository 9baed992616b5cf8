package com.estatekit.vault.adapter.kms;

import com.estatekit.vault.domain.model.KeyVersion;
import com.estatekit.vault.domain.model.UserId;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * The KMS encryption context that binds a wrapped private key to its user and key version:
 *
 * <pre>
 * {"estatekit:vault": "user-key", "estatekit:userId": "42", "estatekit:keyVersion": "1"}
 * </pre>
 *
 * <p>KMS authenticates it with the wrapped key, so a blob copied to another user's row or version
 * does not decrypt. It is not secret (CloudTrail logs it) and it is part of the operator's IAM
 * condition ({@code kms:EncryptionContext:estatekit:vault = user-key}), so these names never change.
 */
final class EncryptionContext {

    static final String PURPOSE_KEY = "estatekit:vault";
    static final String PURPOSE = "user-key";
    static final String USER_ID_KEY = "estatekit:userId";
    static final String KEY_VERSION_KEY = "estatekit:keyVersion";

    private EncryptionContext() {
    }

    /** The context for {@code userId}'s key {@code version}, in sorted key order. */
    static Map<String, String> of(UserId userId, KeyVersion version) {
        Map<String, String> context = new TreeMap<>();
        context.put(PURPOSE_KEY, PURPOSE);
        context.put(USER_ID_KEY, Long.toString(userId.value()));
        context.put(KEY_VERSION_KEY, Integer.toString(version.value()));
        return context;
    }

    /**
     * An unambiguous byte form of the context for software AEADs (the dev KMS): each key and value
     * length-prefixed, keys in sorted order.
     */
    static byte[] canonicalBytes(Map<String, String> context) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Map.Entry<String, String> entry : new TreeMap<>(context).entrySet()) {
            writeField(out, entry.getKey());
            writeField(out, entry.getValue());
        }
        return out.toByteArray();
    }

    private static void writeField(ByteArrayOutputStream out, String field) {
        byte[] utf8 = field.getBytes(StandardCharsets.UTF_8);
        out.writeBytes((utf8.length + ":").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(utf8);
    }
}
