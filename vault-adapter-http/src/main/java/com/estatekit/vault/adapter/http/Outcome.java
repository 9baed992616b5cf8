package com.estatekit.vault.adapter.http;

/** A status code's class, as audit events and metrics name it. */
final class Outcome {

    private Outcome() {
    }

    static String of(int status) {
        if (status >= 200 && status < 400) {
            return "success";
        }
        if (status == 401 || status == 403) {
            return "denied";
        }
        if (status >= 400 && status < 500) {
            return "client_error";
        }
        if (status == 503) {
            return "unavailable";
        }
        return "server_error";
    }
}
