package com.estatekit.vault.adapter.kms;

import com.estatekit.vault.domain.model.DependencyUnavailableException;
import com.estatekit.vault.domain.model.KeyMaterialUnusableException;
import com.estatekit.vault.domain.model.KeyVersion;
import com.estatekit.vault.domain.model.UserId;
import com.estatekit.vault.domain.model.VaultException;
import java.time.Duration;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Maps whatever the AWS SDK throws to the domain's two failures, and logs what an operator or a
 * security reviewer needs: the error code, HTTP status and request id, never the SDK's message
 * (which could quote a response) and never key bytes.
 *
 * <table>
 *   <caption>mapping</caption>
 *   <tr><th>SDK failure</th><th>domain failure</th><th>log</th></tr>
 *   <tr><td>ThrottlingException (and other throttling codes), LimitExceededException</td><td>unavailable "throttled"</td><td>warn</td></tr>
 *   <tr><td>DependencyTimeoutException, KMSInternalException, other 5xx</td><td>unavailable</td><td>warn</td></tr>
 *   <tr><td>KeyUnavailableException</td><td>unavailable "master key unavailable"</td><td>warn</td></tr>
 *   <tr><td>API call / attempt timeouts, network errors</td><td>unavailable "timed out" / "unreachable"</td><td>warn</td></tr>
 *   <tr><td>InvalidCiphertextException, IncorrectKeyException on unwrap</td><td>{@link KeyMaterialUnusableException}</td><td>security event</td></tr>
 *   <tr><td>DisabledException, KMSInvalidStateException, NotFoundException, InvalidKeyUsageException</td><td>unavailable "master key not usable"</td><td>error, for the operator</td></tr>
 *   <tr><td>AccessDenied and credential errors</td><td>unavailable "access denied"</td><td>error, for the operator</td></tr>
 *   <tr><td>anything else</td><td>unavailable "unexpected error"</td><td>error</td></tr>
 * </table>
 */
final class KmsFailures {

    /** Security events (refused key material) go to their own logger so they can be routed apart. */
    static final Logger SECURITY = LoggerFactory.getLogger("com.estatekit.vault.security");
    private static final Logger LOG = LoggerFactory.getLogger(KmsFailures.class);

    static final Duration TRANSIENT_RETRY = Duration.ofSeconds(2);
    static final Duration KEY_UNAVAILABLE_RETRY = Duration.ofSeconds(5);
    static final Duration OPERATOR_RETRY = Duration.ofSeconds(30);

    private static final Set<String> THROTTLING = Set.of("ThrottlingException", "Throttling", "ThrottledException",
            "RequestThrottledException", "TooManyRequestsException", "RequestLimitExceeded", "LimitExceededException",
            "SlowDown", "RequestThrottled");
    private static final Set<String> MASTER_KEY_NOT_USABLE = Set.of("DisabledException", "KMSInvalidStateException",
            "NotFoundException", "InvalidKeyUsageException");
    private static final Set<String> ACCESS_DENIED = Set.of("AccessDeniedException", "AccessDenied",
            "UnrecognizedClientException", "InvalidSignatureException", "IncompleteSignature", "InvalidClientTokenId",
            "ExpiredTokenException", "ExpiredToken", "MissingAuthenticationTokenException", "KMSInvalidSignatureException");
    private static final Set<String> REFUSED_KEY_MATERIAL = Set.of("InvalidCiphertextException", "IncorrectKeyException");

    private final String masterKeyId;

    KmsFailures(String masterKeyId) {
        this.masterKeyId = masterKeyId;
    }

    VaultException onCreate(RuntimeException failure, UserId userId, KeyVersion version) {
        return map("GenerateDataKeyPairWithoutPlaintext", failure, userId, version, -1);
    }

    VaultException onUnwrap(RuntimeException failure, UserId userId, KeyVersion version, int wrappedLength) {
        return map("Decrypt", failure, userId, version, wrappedLength);
    }

    private VaultException map(String operation, RuntimeException failure, UserId userId, KeyVersion version, int wrappedLength) {
        if (failure instanceof AwsServiceException service) {
            return mapService(operation, service, userId, version, wrappedLength);
        }
        if (failure instanceof ApiCallTimeoutException || failure instanceof ApiCallAttemptTimeoutException) {
            LOG.warn("KMS {} timed out ({}); answering 'unavailable'", operation, failure.getClass().getSimpleName());
            return unavailable("timed out", TRANSIENT_RETRY);
        }
        if (failure instanceof AbortedException) {
            LOG.warn("KMS {} was aborted (thread interrupted); answering 'unavailable'", operation);
            return unavailable("call aborted", TRANSIENT_RETRY);
        }
        if (failure instanceof SdkClientException) {
            LOG.warn("KMS {} could not be completed ({}{}); answering 'unavailable'", operation,
                    failure.getClass().getSimpleName(), causeNames(failure));
            return unavailable("unreachable", TRANSIENT_RETRY);
        }
        LOG.error("KMS {} failed unexpectedly ({}{}); answering 'unavailable'", operation,
                failure.getClass().getSimpleName(), causeNames(failure));
        return unavailable("unexpected error", TRANSIENT_RETRY);
    }

    private VaultException mapService(String operation, AwsServiceException failure, UserId userId, KeyVersion version,
                                      int wrappedLength) {
        String code = failure.awsErrorDetails() == null || failure.awsErrorDetails().errorCode() == null
                ? "unknown" : failure.awsErrorDetails().errorCode();
        int status = failure.statusCode();
        String requestId = failure.requestId();
        if (failure.isThrottlingException() || THROTTLING.contains(code)) {
            LOG.warn("KMS {} throttled ({}, HTTP {}, request {}); answering 'unavailable'", operation, code, status, requestId);
            return unavailable("throttled", TRANSIENT_RETRY);
        }
        if (REFUSED_KEY_MATERIAL.contains(code) && wrappedLength >= 0) {
            SECURITY.warn("security event: KMS refused to unwrap the private key of user {} key version {} "
                    + "({}, request {}, wrapped key of {} bytes, master key {}): the stored key was altered, "
                    + "moved to another user or version, or wrapped under another master key",
                    userId, version, code, requestId, wrappedLength, masterKeyId);
            return new KeyMaterialUnusableException(userId, version);
        }
        if (MASTER_KEY_NOT_USABLE.contains(code)) {
            LOG.error("KMS master key {} is not usable for {} ({}, HTTP {}, request {}): check that the key exists, "
                    + "is enabled, is a symmetric ENCRYPT_DECRYPT key and is not pending deletion or import",
                    masterKeyId, operation, code, status, requestId);
            return unavailable("master key not usable", OPERATOR_RETRY);
        }
        if (ACCESS_DENIED.contains(code)) {
            LOG.error("KMS denied {} on master key {} ({}, HTTP {}, request {}): check the credentials, the IAM policy "
                    + "and the key policy (see the vault-adapter-kms README)", operation, masterKeyId, code, status, requestId);
            return unavailable("access denied", OPERATOR_RETRY);
        }
        if ("KeyUnavailableException".equals(code)) {
            LOG.warn("KMS master key {} is temporarily unavailable for {} (request {}); answering 'unavailable'",
                    masterKeyId, operation, requestId);
            return unavailable("master key unavailable", KEY_UNAVAILABLE_RETRY);
        }
        if ("DependencyTimeoutException".equals(code)) {
            LOG.warn("KMS {} hit a KMS dependency timeout (request {}); answering 'unavailable'", operation, requestId);
            return unavailable("dependency timeout", TRANSIENT_RETRY);
        }
        if ("KMSInternalException".equals(code) || status >= 500) {
            LOG.warn("KMS {} failed inside KMS ({}, HTTP {}, request {}); answering 'unavailable'", operation, code, status, requestId);
            return unavailable("internal error", TRANSIENT_RETRY);
        }
        LOG.error("KMS {} failed with an unexpected error ({}, HTTP {}, request {}); answering 'unavailable'",
                operation, code, status, requestId);
        return unavailable("unexpected error", TRANSIENT_RETRY);
    }

    private static DependencyUnavailableException unavailable(String reason, Duration retryAfter) {
        return new DependencyUnavailableException(DependencyUnavailableException.Dependency.KMS, reason, retryAfter);
    }

    /** The class names of the cause chain, e.g. " caused by ConnectException": no messages. */
    private static String causeNames(Throwable failure) {
        StringBuilder names = new StringBuilder();
        Throwable cause = failure.getCause();
        for (int depth = 0; cause != null && depth < 4; depth++, cause = cause.getCause()) {
            names.append(" caused by ").append(cause.getClass().getSimpleName());
        }
        return names.toString();
    }
}
