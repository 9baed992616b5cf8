package com.estatekit.vault.app.dev;

import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** DEV ONLY: tells the developer where everything is and how to call it, once started. */
public final class DevMode {

    private static final Logger LOG = LoggerFactory.getLogger(DevMode.class);

    private DevMode() {
    }

    /** Logs the URLs and copy-paste {@code curl} lines for a token, a key, an encrypt and a decrypt. */
    public static void announce(int apiPort, int managementPort, DevTokenIssuer issuer, String scopePrefix) {
        String api = "http://localhost:" + apiPort;
        URI token = issuer.tokenEndpoint();
        String getToken = "TOKEN=$(curl -s -u " + DevTokenIssuer.CLIENT_ID + ":" + DevTokenIssuer.CLIENT_SECRET
                + " -d grant_type=client_credentials " + token + " | sed -E 's/.*\"access_token\":\"([^\"]+)\".*/\\1/')";
        String createKey = "curl -s -X POST -H \"Authorization: Bearer $TOKEN\" " + api + "/v1/users/42/keys";
        String encrypt = "curl -s -H \"Authorization: Bearer $TOKEN\" -H 'Content-Type: application/json'"
                + " -d '{\"plaintexts\":[\"123-45-6789\"]}' " + api + "/v1/users/42/encrypt";
        LOG.info("""

                ================ EstateKit Vault - DEV MODE (never use with real data) ================
                API             {}
                health/metrics  http://localhost:{}/health/ready  http://localhost:{}/metrics
                token issuer    {} (dev only; scopes {}*)
                Get a token with every scope:
                  {}
                Create a key for user 42:
                  {}
                Encrypt:
                  {}
                ========================================================================================""",
                api, managementPort, managementPort, issuer.issuer(), scopePrefix, getToken, createKey, encrypt);
    }
}
