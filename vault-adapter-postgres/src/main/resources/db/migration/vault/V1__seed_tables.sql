-- The seed's two tables, exactly as the seed document names and types them
-- (EstateKit - Personal Information API, "Data Structure"), created in the schema this
-- vault is configured with (default "vault"; the seed itself used "Vault").
-- Everything the vault adds comes in V2, so the seed shape stays visible on its own.

CREATE TABLE "${flyway:defaultSchema}".user_keys (
    user_id bigint NOT NULL,
    key character varying(200) COLLATE pg_catalog."default" NOT NULL
);

-- bigserial = bigint NOT NULL DEFAULT nextval('<schema>.user_key_history_id_seq'), as in the seed.
CREATE TABLE "${flyway:defaultSchema}".user_key_history (
    id bigserial NOT NULL,
    user_id bigint NOT NULL,
    date date NOT NULL,
    value character varying(200) COLLATE pg_catalog."default"
);
