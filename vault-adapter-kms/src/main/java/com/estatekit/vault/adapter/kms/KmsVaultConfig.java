package com.estatekit.vault.adapter.kms;

import java.net.URI;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * How {@link AwsKmsKeyVault} reaches KMS. Everything not named here comes from the AWS SDK's own
 * settings: region from {@code AWS_REGION} (or the profile), endpoint from
 * {@code AWS_ENDPOINT_URL_KMS}, credentials from the default provider chain (IRSA on EKS), the SDK's
 * standard retry mode.
 *
 * @param masterKeyId the symmetric KMS master key: key ARN (recommended), key id, alias name
 *     ({@code alias/...}) or alias ARN
 * @param endpointOverride a KMS endpoint to use instead of the SDK's, or null (tests, VPC endpoints
 *     are better set through {@code AWS_ENDPOINT_URL_KMS})
 * @param region the region, or null for the SDK's region provider chain
 * @param apiCallTimeout the most one call may take, retries and back-off included
 * @param apiCallAttemptTimeout the most one HTTP attempt may take
 * @param maxAttempts attempts per call, first one included (the SDK's standard retry mode backs off
 *     between them)
 */
public record KmsVaultConfig(String masterKeyId, URI endpointOverride, String region,
                             Duration apiCallTimeout, Duration apiCallAttemptTimeout, int maxAttempts) {

    /** Default budget of one KMS call: well inside the 3 s in which every vault call must answer. */
    public static final Duration DEFAULT_API_CALL_TIMEOUT = Duration.ofMillis(1500);
    /** Default budget of one attempt; KMS answers in tens of milliseconds when healthy. */
    public static final Duration DEFAULT_ATTEMPT_TIMEOUT = Duration.ofMillis(700);
    /** Default attempts per call. */
    public static final int DEFAULT_MAX_ATTEMPTS = 3;

    private static final String ARN_HEAD = "arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:";
    private static final Pattern KEY_ARN = Pattern.compile(ARN_HEAD + "key/(?:[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}|mrk-[0-9a-f]{32})");
    private static final Pattern ALIAS_ARN = Pattern.compile(ARN_HEAD + "alias/[A-Za-z0-9/_-]{1,250}");
    private static final Pattern KEY_ID = Pattern.compile("[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}|mrk-[0-9a-f]{32}");
    private static final Pattern ALIAS_NAME = Pattern.compile("alias/[A-Za-z0-9/_-]{1,250}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(?:-[a-z0-9]+)+");

    /**
     * Refuses missing or conflicting settings with a message that says what to change.
     *
     * @throws IllegalArgumentException on a bad value
     */
    public KmsVaultConfig {
        if (masterKeyId == null || masterKeyId.isBlank()) {
            throw new IllegalArgumentException("KMS master key id is missing: set VAULT_KMS_KEY_ID to the key ARN or alias");
        }
        if (kindOf(masterKeyId) == null) {
            throw new IllegalArgumentException("KMS master key id must be a key ARN (arn:aws:kms:<region>:<account>:key/<id>), "
                    + "a key id, an alias name (alias/<name>) or an alias ARN; got '" + masterKeyId + "'");
        }
        if (endpointOverride != null && (!endpointOverride.isAbsolute() || endpointOverride.getHost() == null
                || !("https".equals(endpointOverride.getScheme()) || "http".equals(endpointOverride.getScheme())))) {
            throw new IllegalArgumentException("KMS endpoint override must be an absolute http(s) URI");
        }
        if (region != null && !REGION.matcher(region).matches()) {
            throw new IllegalArgumentException("KMS region must look like eu-west-1; got '" + region + "'");
        }
        if (apiCallTimeout == null || apiCallTimeout.isNegative() || apiCallTimeout.isZero()) {
            throw new IllegalArgumentException("KMS API call timeout must be positive");
        }
        if (apiCallAttemptTimeout == null || apiCallAttemptTimeout.isNegative() || apiCallAttemptTimeout.isZero()) {
            throw new IllegalArgumentException("KMS API call attempt timeout must be positive");
        }
        if (apiCallAttemptTimeout.compareTo(apiCallTimeout) > 0) {
            throw new IllegalArgumentException("KMS attempt timeout (" + apiCallAttemptTimeout
                    + ") must not exceed the API call timeout (" + apiCallTimeout + "): raise the call timeout or lower the attempt timeout");
        }
        if (maxAttempts < 1 || maxAttempts > 10) {
            throw new IllegalArgumentException("KMS max attempts must be 1..10");
        }
    }

    /** The defaults for {@code masterKeyId}; region and endpoint from the SDK's settings. */
    public static KmsVaultConfig of(String masterKeyId) {
        return new KmsVaultConfig(masterKeyId, null, null, DEFAULT_API_CALL_TIMEOUT, DEFAULT_ATTEMPT_TIMEOUT, DEFAULT_MAX_ATTEMPTS);
    }

    /** The same with an explicit endpoint. */
    public KmsVaultConfig withEndpointOverride(URI endpoint) {
        return new KmsVaultConfig(masterKeyId, endpoint, region, apiCallTimeout, apiCallAttemptTimeout, maxAttempts);
    }

    /** The same with an explicit region. */
    public KmsVaultConfig withRegion(String newRegion) {
        return new KmsVaultConfig(masterKeyId, endpointOverride, newRegion, apiCallTimeout, apiCallAttemptTimeout, maxAttempts);
    }

    /** The same with other timeouts. */
    public KmsVaultConfig withTimeouts(Duration callTimeout, Duration attemptTimeout) {
        return new KmsVaultConfig(masterKeyId, endpointOverride, region, callTimeout, attemptTimeout, maxAttempts);
    }

    /** The same with another number of attempts. */
    public KmsVaultConfig withMaxAttempts(int attempts) {
        return new KmsVaultConfig(masterKeyId, endpointOverride, region, apiCallTimeout, apiCallAttemptTimeout, attempts);
    }

    /** How a master key id names its key. */
    enum KeyIdKind { KEY_ARN, KEY_ID, ALIAS }

    static KeyIdKind kindOf(String keyId) {
        if (KEY_ARN.matcher(keyId).matches()) {
            return KeyIdKind.KEY_ARN;
        }
        if (KEY_ID.matcher(keyId).matches()) {
            return KeyIdKind.KEY_ID;
        }
        if (ALIAS_NAME.matcher(keyId).matches() || ALIAS_ARN.matcher(keyId).matches()) {
            return KeyIdKind.ALIAS;
        }
        return null;
    }

    /** Whether {@code keyId} is a key ARN, the only form KMS answers with. */
    static boolean isKeyArn(String keyId) {
        return keyId != null && KEY_ARN.matcher(keyId).matches();
    }
}
