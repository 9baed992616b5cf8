-- What the design adds to the seed tables (brief sections 3 and 4): key versions, the
-- KMS-wrapped private key of every version that is still decryptable, timestamps, a row version,
-- and the constraints that keep the data honest even if a bug or a hand-written statement tries
-- otherwise. The tables are empty when this runs on a fresh schema; on a pre-existing seed schema
-- that already holds rows, the NOT NULL columns below fail on purpose: those rows have no wrapped
-- private key, and the vault cannot invent one.

-- user_keys: one row per user, the current key.
--   key            (seed) the current public key, base64 of the DER SubjectPublicKeyInfo
--   current_since  is not stored: coalesce(rotated_at, created_at), indexed below
ALTER TABLE "${flyway:defaultSchema}".user_keys
    ADD COLUMN key_version integer NOT NULL,
    ADD COLUMN wrapped_private_key bytea NOT NULL,
    ADD COLUMN kms_key_id text NOT NULL,
    ADD COLUMN created_at timestamp with time zone NOT NULL,
    ADD COLUMN rotated_at timestamp with time zone,
    ADD COLUMN row_version bigint NOT NULL DEFAULT 0,
    ADD CONSTRAINT user_keys_pkey PRIMARY KEY (user_id),
    ADD CONSTRAINT user_keys_user_id_positive CHECK (user_id >= 1),
    ADD CONSTRAINT user_keys_key_not_empty CHECK (length(key) > 0),
    ADD CONSTRAINT user_keys_key_version_positive CHECK (key_version >= 1),
    ADD CONSTRAINT user_keys_wrapped_private_key_size CHECK (octet_length(wrapped_private_key) BETWEEN 1 AND 8192),
    ADD CONSTRAINT user_keys_kms_key_id_length CHECK (length(kms_key_id) BETWEEN 1 AND 2048),
    ADD CONSTRAINT user_keys_rotated_after_created CHECK (rotated_at IS NULL OR rotated_at >= created_at),
    ADD CONSTRAINT user_keys_rotated_past_first CHECK (key_version = 1 OR rotated_at IS NOT NULL),
    ADD CONSTRAINT user_keys_row_version_not_negative CHECK (row_version >= 0);

-- The due-for-rotation listing: "current since before <cutoff>", paged by user id.
CREATE INDEX user_keys_current_since_idx
    ON "${flyway:defaultSchema}".user_keys ((coalesce(rotated_at, created_at)), user_id);

-- user_key_history: one row per replaced version.
--   value  (seed) the replaced public key, base64
--   date   (seed) the UTC day of the rotation that replaced it; a check ties it to replaced_at
-- Retiring a version destroys its wrapped private key (set to NULL, retired_at set) and keeps the
-- row as an audit record of the old public key and its dates; the version number stays taken.
-- Deleting the user deletes every history row with it (ON DELETE CASCADE): crypto-shred.
ALTER TABLE "${flyway:defaultSchema}".user_key_history
    ADD COLUMN key_version integer NOT NULL,
    ADD COLUMN wrapped_private_key bytea,
    ADD COLUMN kms_key_id text NOT NULL,
    ADD COLUMN replaced_at timestamp with time zone NOT NULL,
    ADD COLUMN retired_at timestamp with time zone,
    ADD CONSTRAINT user_key_history_pkey PRIMARY KEY (id),
    ADD CONSTRAINT user_key_history_user_version_key UNIQUE (user_id, key_version),
    ADD CONSTRAINT user_key_history_user_fkey FOREIGN KEY (user_id)
        REFERENCES "${flyway:defaultSchema}".user_keys (user_id) ON DELETE CASCADE,
    ADD CONSTRAINT user_key_history_key_version_positive CHECK (key_version >= 1),
    ADD CONSTRAINT user_key_history_wrapped_private_key_size
        CHECK (wrapped_private_key IS NULL OR octet_length(wrapped_private_key) BETWEEN 1 AND 8192),
    ADD CONSTRAINT user_key_history_kms_key_id_length CHECK (length(kms_key_id) BETWEEN 1 AND 2048),
    ADD CONSTRAINT user_key_history_date_is_replaced_day CHECK (date = (replaced_at AT TIME ZONE 'UTC')::date),
    ADD CONSTRAINT user_key_history_retired_iff_destroyed
        CHECK ((retired_at IS NULL) = (wrapped_private_key IS NOT NULL));
-- No check that retired_at >= replaced_at: the two come from different clocks (the rotating
-- instance's and the retiring one's), and a skew must never make a retirement fail.

-- A replaced version is always older than the user's current version, so no version number can
-- ever name two keys. Checked at commit (a rotation inserts history and bumps the current version
-- in one transaction, in whichever order).
CREATE FUNCTION "${flyway:defaultSchema}".history_older_than_current() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1
                 FROM "${flyway:defaultSchema}".user_key_history h
                 JOIN "${flyway:defaultSchema}".user_keys k ON k.user_id = h.user_id
                WHERE h.user_id = NEW.user_id
                  AND h.key_version >= k.key_version) THEN
        RAISE EXCEPTION 'a key history version must be older than the current key version'
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER user_key_history_older_than_current
    AFTER INSERT OR UPDATE OF key_version, user_id ON "${flyway:defaultSchema}".user_key_history
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION "${flyway:defaultSchema}".history_older_than_current();

CREATE CONSTRAINT TRIGGER user_keys_newer_than_history
    AFTER UPDATE OF key_version ON "${flyway:defaultSchema}".user_keys
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION "${flyway:defaultSchema}".history_older_than_current();
