package com.estatekit.vault.app;

import com.estatekit.vault.adapter.http.CognitoTestIssuer;
import com.estatekit.vault.adapter.kms.KmsWireTestServer;
import com.estatekit.vault.adapter.postgres.TestDatabase;
import java.util.HashMap;
import java.util.Map;

/**
 * The real peers a production-mode app talks to in tests: a fresh database on the PostgreSQL
 * server, a KMS wire-protocol server, and a local OAuth2 server. Gives the environment an operator
 * would set, pointing at them.
 */
final class LocalPeers implements AutoCloseable {

    final TestDatabase database = TestDatabase.create();
    final KmsWireTestServer kms = KmsWireTestServer.start();
    final CognitoTestIssuer cognito = CognitoTestIssuer.start();

    LocalPeers() {
        // The SDK's default credential chain reads these; the wire server accepts any credentials.
        System.setProperty("aws.accessKeyId", "AKIAE2ETESTKEY000000");
        System.setProperty("aws.secretAccessKey", "e2e-test-secret");
    }

    /** Production settings on random ports, with the database reached at {@code dbUrl}. */
    Map<String, String> productionEnvironment(String dbUrl) {
        Map<String, String> env = new HashMap<>();
        env.put("VAULT_ENV", "production");
        env.put("VAULT_HTTP_PORT", "0");
        env.put("VAULT_MANAGEMENT_PORT", "0");
        env.put("VAULT_DB_URL", dbUrl);
        env.put("VAULT_DB_USER", database.user());
        if (database.password() != null) {
            env.put("VAULT_DB_PASSWORD", database.password());
        }
        env.put("VAULT_KMS_KEY_ID", KmsWireTestServer.DEFAULT_ALIAS);
        env.put("AWS_REGION", KmsWireTestServer.REGION);
        env.put("AWS_ENDPOINT_URL_KMS", kms.endpoint().toString());
        env.put("VAULT_OAUTH_ISSUER", cognito.issuer());
        return env;
    }

    /** Production settings with the database reached directly. */
    Map<String, String> productionEnvironment() {
        return productionEnvironment(database.jdbcUrl());
    }

    @Override
    public void close() {
        cognito.close();
        kms.close();
        database.close();
    }
}
