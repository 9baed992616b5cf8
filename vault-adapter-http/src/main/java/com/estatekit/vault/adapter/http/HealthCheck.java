package com.estatekit.vault.adapter.http;

import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

/**
 * A named readiness check for {@code /health/ready}. A {@linkplain #required required} check that
 * fails (returns false, throws, or exceeds the time limit) makes the instance not ready (503); an
 * {@linkplain #informational informational} one is reported but leaves readiness alone.
 *
 * <p>Recommended wiring: the database as required (no call works without it); KMS as
 * informational with "reachable or cache warm" semantics. A KMS outage hits every instance at
 * once, so a required KMS check would take the whole fleet out of service, including encrypt,
 * which needs no KMS (brief section 8: "encrypt keeps working while KMS is down").
 *
 * @param name shown in the response, {@code [a-z0-9_-]{1,32}}
 * @param check true when healthy; called on every probe, so it must be cheap or cached
 * @param required whether a failure makes the instance not ready
 */
public record HealthCheck(String name, BooleanSupplier check, boolean required) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9_-]{1,32}");

    /** @throws IllegalArgumentException when the name is not {@code [a-z0-9_-]{1,32}} */
    public HealthCheck {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("health check name must match [a-z0-9_-]{1,32}");
        }
        Objects.requireNonNull(check, "check");
    }

    /** A check whose failure makes the instance not ready. */
    public static HealthCheck required(String name, BooleanSupplier check) {
        return new HealthCheck(name, check, true);
    }

    /** A check that is reported but never makes the instance not ready. */
    public static HealthCheck informational(String name, BooleanSupplier check) {
        return new HealthCheck(name, check, false);
    }
}
