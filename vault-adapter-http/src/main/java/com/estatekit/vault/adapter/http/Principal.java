package com.estatekit.vault.adapter.http;

import java.util.Set;

/**
 * Who called: the verified token's client and subject, and its scopes. Holds no token.
 *
 * @param clientId the {@code client_id} claim
 * @param subject the {@code sub} claim (for Cognito client credentials, the client id again)
 * @param scopes the space-separated {@code scope} claim, split
 */
record Principal(String clientId, String subject, Set<String> scopes) {

    Principal {
        scopes = Set.copyOf(scopes);
    }

    /** Exact match: {@code vault/encrypt.admin} does not grant {@code vault/encrypt}. */
    boolean hasScope(String scope) {
        return scopes.contains(scope);
    }
}
