package com.estatekit.vault.adapter.postgres;

import com.estatekit.vault.domain.model.EncodedPublicKey;
import com.estatekit.vault.domain.model.KeyHistoryEntry;
import com.estatekit.vault.domain.model.KeyVersion;
import com.estatekit.vault.domain.model.UserId;
import com.estatekit.vault.domain.model.WrappedPrivateKey;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.hibernate.annotations.OnDelete;
import org.hibernate.annotations.OnDeleteAction;

/**
 * A row of {@code user_key_history}: a replaced version. While {@code wrapped_private_key} is set
 * the version is decryptable; retiring it nulls the wrapped key and keeps the row as an audit
 * record of the old public key ({@code value}) and its rotation day ({@code date}).
 */
@Entity(name = "KeyHistoryRow")
@Table(name = "user_key_history")
class KeyHistoryRow {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "id", nullable = false, updatable = false)
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "user_id", nullable = false, updatable = false)
    @OnDelete(action = OnDeleteAction.CASCADE)
    private UserKeyRow owner;

    /** The seed's column: the UTC day the version was replaced. */
    @Column(name = "date", nullable = false)
    private LocalDate date;

    /** The seed's column: base64 of the replaced public key. */
    @Column(name = "value", length = 200)
    private String value;

    @Column(name = "key_version", nullable = false, updatable = false)
    private int keyVersion;

    @Column(name = "wrapped_private_key")
    private byte[] wrappedPrivateKey;

    @Column(name = "kms_key_id", nullable = false, columnDefinition = "text")
    private String kmsKeyId;

    @Column(name = "replaced_at", nullable = false)
    private Instant replacedAt;

    @Column(name = "retired_at")
    private Instant retiredAt;

    protected KeyHistoryRow() {
        // for Hibernate
    }

    KeyHistoryRow(UserKeyRow owner, int keyVersion, String publicKey, byte[] wrappedPrivateKey, String kmsKeyId,
            Instant replacedAt) {
        this.owner = owner;
        this.keyVersion = keyVersion;
        this.value = publicKey;
        this.wrappedPrivateKey = wrappedPrivateKey.clone();
        this.kmsKeyId = kmsKeyId;
        this.replacedAt = replacedAt;
        this.date = LocalDate.ofInstant(replacedAt, ZoneOffset.UTC);
    }

    KeyHistoryEntry toDomain(UserId userId) {
        return new KeyHistoryEntry(userId, KeyVersion.of(keyVersion), EncodedPublicKey.ofBase64(value),
                WrappedPrivateKey.of(wrappedPrivateKey), kmsKeyId, replacedAt);
    }
}
