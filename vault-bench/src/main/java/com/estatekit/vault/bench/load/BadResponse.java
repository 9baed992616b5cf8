package com.estatekit.vault.bench.load;

/**
 * A response that is not what the API promises. The message is a short, content-free reason
 * (status, problem type, which check failed) so reasons can be counted and printed in the report.
 */
public final class BadResponse extends Exception {

    private static final long serialVersionUID = 1L;

    public BadResponse(String reason) {
        super(reason, null, false, false);
    }
}
