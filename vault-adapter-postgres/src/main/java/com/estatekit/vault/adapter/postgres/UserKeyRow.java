package com.estatekit.vault.adapter.postgres;

import com.estatekit.vault.domain.model.EncodedPublicKey;
import com.estatekit.vault.domain.model.KeyVersion;
import com.estatekit.vault.domain.model.UserId;
import com.estatekit.vault.domain.model.UserKey;
import com.estatekit.vault.domain.model.WrappedPrivateKey;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.hibernate.annotations.SQLRestriction;

/** A row of {@code user_keys}: the user's current key. */
@Entity(name = "UserKeyRow")
@Table(name = "user_keys")
class UserKeyRow {

    @Id
    @Column(name = "user_id", nullable = false, updatable = false)
    private long userId;

    /** The seed's column: base64 of the DER public key. */
    @Column(name = "key", nullable = false, length = 200)
    private String publicKey;

    @Column(name = "key_version", nullable = false)
    private int keyVersion;

    @Column(name = "wrapped_private_key", nullable = false)
    private byte[] wrappedPrivateKey;

    @Column(name = "kms_key_id", nullable = false, columnDefinition = "text")
    private String kmsKeyId;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "rotated_at")
    private Instant rotatedAt;

    @Version
    @Column(name = "row_version", nullable = false)
    private long rowVersion;

    /** The versions that can still be decrypted; retired rows stay in the table for audit only. */
    @OneToMany(mappedBy = "owner")
    @SQLRestriction("wrapped_private_key is not null")
    @OrderBy("keyVersion")
    private List<KeyHistoryRow> retainedHistory = new ArrayList<>();

    protected UserKeyRow() {
        // for Hibernate
    }

    long userId() {
        return userId;
    }

    int keyVersion() {
        return keyVersion;
    }

    long rowVersion() {
        return rowVersion;
    }

    List<KeyHistoryRow> retainedHistory() {
        return retainedHistory;
    }

    /** Whether this row still holds exactly the key a caller read earlier. */
    boolean holds(UserKey key) {
        return keyVersion == key.version().value()
                && publicKey.equals(key.publicKey().base64())
                && Arrays.equals(wrappedPrivateKey, key.wrappedPrivateKey().bytes());
    }

    /** The key that replaces this one: same row, new version, old one moved out by the caller. */
    void becomes(UserKey replacement) {
        publicKey = replacement.publicKey().base64();
        keyVersion = replacement.version().value();
        wrappedPrivateKey = replacement.wrappedPrivateKey().bytes();
        kmsKeyId = replacement.kmsKeyId();
        createdAt = micros(replacement.createdAt());
        rotatedAt = micros(replacement.rotatedAt());
    }

    /** This row as a history row, replaced at {@code replacedAt}. */
    KeyHistoryRow toHistory(Instant replacedAt) {
        return new KeyHistoryRow(this, keyVersion, publicKey, wrappedPrivateKey, kmsKeyId, micros(replacedAt));
    }

    UserKey toDomain() {
        return new UserKey(UserId.of(userId), KeyVersion.of(keyVersion), EncodedPublicKey.ofBase64(publicKey),
                WrappedPrivateKey.of(wrappedPrivateKey), kmsKeyId, createdAt, rotatedAt);
    }

    /** PostgreSQL keeps microseconds; truncating here keeps what is stored and what is read equal. */
    static Instant micros(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS);
    }
}
