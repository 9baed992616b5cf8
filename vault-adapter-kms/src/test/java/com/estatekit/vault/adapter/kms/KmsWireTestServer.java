package com.estatekit.vault.adapter.kms;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * A local KMS for tests: a real HTTP server on a random loopback port that speaks the KMS JSON 1.1
 * wire protocol ({@code POST /}, {@code X-Amz-Target: TrentService.<Operation>},
 * {@code Content-Type: application/x-amz-json-1.1}, base64 blobs in JSON, errors as
 * {@code {"__type": "...", "message": "..."}} with KMS's HTTP status) for the two operations the vault
 * uses, {@code GenerateDataKeyPairWithoutPlaintext} and {@code Decrypt}, with real crypto behind it:
 * AES-256-GCM master keys, the encryption context as associated data, P-256 pairs from the JVM, the
 * private key returned as KMS does (PKCS#8 with the public key inside).
 *
 * <p>It records every request ({@link #requests()}) and injects faults: {@link #failNext},
 * {@link #failAlways}, {@link #throttleNext}, {@link #delayAnswers}, key states
 * ({@link #disableKey}, {@link #scheduleKeyDeletion}) and a lying Decrypt answer
 * ({@link #answerDecryptWithKeyId}).
 *
 * <p>Use from other modules' tests (it is in this module's test-jar):
 *
 * <pre>{@code
 * try (KmsWireTestServer kms = KmsWireTestServer.start();
 *      AwsKmsKeyVault vault = AwsKmsKeyVault.create(kms.vaultConfig(), KmsWireTestServer.credentials())) {
 *     ...
 * }
 * }</pre>
 *
 * or {@link #newKmsClient()} for a plain SDK client pointed at it.
 */
public final class KmsWireTestServer implements AutoCloseable {

    /** The region the server claims to be in. */
    public static final String REGION = "eu-west-1";
    /** The account that owns its keys. */
    public static final String ACCOUNT = "111122223333";
    /** An alias of the default master key. */
    public static final String DEFAULT_ALIAS = "alias/estatekit-vault-test";

    /** Errors real KMS answers with, each with its HTTP status. */
    public enum Fault {
        THROTTLING(400, "ThrottlingException", "Rate exceeded"),
        INTERNAL_ERROR(500, "KMSInternalException", "An internal error occurred"),
        DEPENDENCY_TIMEOUT(500, "DependencyTimeoutException", "The system timed out"),
        KEY_UNAVAILABLE(500, "KeyUnavailableException", "The key is unavailable"),
        INVALID_CIPHERTEXT(400, "InvalidCiphertextException", null),
        INCORRECT_KEY(400, "IncorrectKeyException", "The key ID in the request does not identify the key that encrypted the ciphertext"),
        DISABLED(400, "DisabledException", "The key is disabled"),
        INVALID_STATE(400, "KMSInvalidStateException", "The key is pending deletion"),
        NOT_FOUND(400, "NotFoundException", "The key does not exist"),
        ACCESS_DENIED(400, "AccessDeniedException", "User is not authorized to perform kms:Decrypt"),
        INVALID_KEY_USAGE(400, "InvalidKeyUsageException", "The key usage is not ENCRYPT_DECRYPT"),
        VALIDATION(400, "ValidationException", "1 validation error detected");

        final int status;
        final String type;
        final String message;

        Fault(int status, String type, String message) {
            this.status = status;
            this.type = type;
            this.message = message;
        }
    }

    /** The key states the server models. */
    public enum KeyState { ENABLED, DISABLED, PENDING_DELETION }

    /**
     * One request as it arrived.
     *
     * @param operation e.g. {@code Decrypt}
     * @param keyId the {@code KeyId} field, null when absent
     * @param keyPairSpec the {@code KeyPairSpec} field, null when absent
     * @param encryptionContext the {@code EncryptionContext} field, empty when absent
     * @param encryptionAlgorithm the {@code EncryptionAlgorithm} field, null when absent
     * @param contentType the request's content type
     * @param signed whether it carried a SigV4 {@code Authorization} header
     */
    public record RecordedRequest(String operation, String keyId, String keyPairSpec, Map<String, String> encryptionContext,
                                  String encryptionAlgorithm, String contentType, boolean signed) {
    }

    private static final String JSON = "application/x-amz-json-1.1";
    private static final byte[] BLOB_MAGIC = "EKW1".getBytes(StandardCharsets.US_ASCII);
    private static final int KEY_ID_BYTES = 36;
    private static final int IV_BYTES = 12;
    private static final int TAG_BYTES = 16;

    private static final class MasterKey {
        final String id;
        final String arn;
        final SecretKeySpec aes;
        volatile KeyState state = KeyState.ENABLED;

        MasterKey(String id, SecretKeySpec aes) {
            this.id = id;
            this.arn = "arn:aws:kms:" + REGION + ":" + ACCOUNT + ":key/" + id;
            this.aes = aes;
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, MasterKey> keys = new ConcurrentHashMap<>();
    private final Map<String, String> aliases = new ConcurrentHashMap<>();
    private final MasterKey defaultKey;
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final Deque<Fault> queuedFaults = new ArrayDeque<>();
    private volatile Fault persistentFault;
    private volatile Duration delay = Duration.ZERO;
    private volatile String decryptAnswerKeyId;
    private volatile boolean pkcs8WithPublicKey = true;
    private final AtomicInteger handled = new AtomicInteger();

    private KmsWireTestServer() throws IOException {
        defaultKey = newMasterKey();
        aliases.put(DEFAULT_ALIAS, defaultKey.id);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "kms-wire-test-server");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts a server with one enabled master key ({@link #masterKeyArn()}) on a random port. */
    public static KmsWireTestServer start() {
        try {
            return new KmsWireTestServer();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the KMS wire test server", e);
        }
    }

    // ---------------------------------------------------------------- client side helpers

    /** The server's endpoint, e.g. {@code http://127.0.0.1:54321}. */
    public URI endpoint() {
        return URI.create("http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort());
    }

    /** Static fake credentials; the server checks that requests are signed, not the signature. */
    public static AwsCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAKMSWIRETEST00000", "kms-wire-test-secret"));
    }

    /** A plain SDK client pointed at this server (SDK default retries and timeouts); the caller closes it. */
    public KmsClient newKmsClient() {
        return KmsClient.builder()
                .endpointOverride(endpoint())
                .region(Region.of(REGION))
                .credentialsProvider(credentials())
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    /** The vault's configuration for this server and {@link #masterKeyArn()}, with the default timeouts. */
    public KmsVaultConfig vaultConfig() {
        return vaultConfig(defaultKey.arn);
    }

    /** The vault's configuration for this server and master key id {@code keyId} (ARN, id or alias). */
    public KmsVaultConfig vaultConfig(String keyId) {
        return KmsVaultConfig.of(keyId).withEndpointOverride(endpoint()).withRegion(REGION);
    }

    /** An {@link AwsKmsKeyVault} on this server for {@link #masterKeyArn()}; the caller closes it. */
    public AwsKmsKeyVault newKeyVault() {
        return AwsKmsKeyVault.create(vaultConfig(), credentials());
    }

    // ---------------------------------------------------------------- keys

    /** The ARN of the default master key. */
    public String masterKeyArn() {
        return defaultKey.arn;
    }

    /** The bare key id of the default master key. */
    public String masterKeyId() {
        return defaultKey.id;
    }

    /** Adds another enabled master key and returns its ARN. */
    public String addMasterKey() {
        return newMasterKey().arn;
    }

    /** Points {@code alias} ({@code alias/...}) at the key {@code keyArn}. */
    public void setAlias(String alias, String keyArn) {
        aliases.put(alias, keyOrThrow(keyArn).id);
    }

    /** Sets the key's state, as DisableKey / EnableKey / ScheduleKeyDeletion would. */
    public void setKeyState(String keyArn, KeyState state) {
        keyOrThrow(keyArn).state = state;
    }

    /** Disables the key: calls answer {@code DisabledException}. */
    public void disableKey(String keyArn) {
        setKeyState(keyArn, KeyState.DISABLED);
    }

    /** Schedules the key for deletion: calls answer {@code KMSInvalidStateException}. */
    public void scheduleKeyDeletion(String keyArn) {
        setKeyState(keyArn, KeyState.PENDING_DELETION);
    }

    /** Whether Decrypt returns PKCS#8 with the public key inside (as KMS does, the default) or without (as the JDK encodes). */
    public void returnPkcs8WithPublicKey(boolean withPublicKey) {
        this.pkcs8WithPublicKey = withPublicKey;
    }

    // ---------------------------------------------------------------- faults

    /** The next {@code times} requests fail with {@code fault}. */
    public synchronized void failNext(Fault fault, int times) {
        for (int i = 0; i < times; i++) {
            queuedFaults.add(Objects.requireNonNull(fault));
        }
    }

    /** Every request fails with {@code fault} until {@link #reset()}. */
    public void failAlways(Fault fault) {
        persistentFault = Objects.requireNonNull(fault);
    }

    /** The next {@code times} requests are throttled. */
    public void throttleNext(int times) {
        failNext(Fault.THROTTLING, times);
    }

    /** Every request is throttled until {@link #reset()}. */
    public void throttleAll() {
        failAlways(Fault.THROTTLING);
    }

    /** Every answer waits {@code wait} first, until {@link #reset()}. */
    public void delayAnswers(Duration wait) {
        delay = Objects.requireNonNull(wait);
    }

    /** Successful Decrypt answers claim {@code keyId} as the key used, until {@link #reset()}. */
    public void answerDecryptWithKeyId(String keyId) {
        decryptAnswerKeyId = keyId;
    }

    /** Clears faults, delays and answer overrides; keys, their states and recorded requests stay. */
    public synchronized void reset() {
        queuedFaults.clear();
        persistentFault = null;
        delay = Duration.ZERO;
        decryptAnswerKeyId = null;
        pkcs8WithPublicKey = true;
    }

    // ---------------------------------------------------------------- recording

    /** Every request so far, in arrival order. */
    public List<RecordedRequest> requests() {
        return Collections.unmodifiableList(new ArrayList<>(requests));
    }

    /** The requests for {@code operation}, e.g. {@code "Decrypt"}. */
    public List<RecordedRequest> requests(String operation) {
        return requests.stream().filter(r -> r.operation().equals(operation)).toList();
    }

    /** Forgets the recorded requests. */
    public void clearRequests() {
        requests.clear();
    }

    /** Number of requests fully answered (including error answers). */
    public int answered() {
        return handled.get();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------- protocol

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            String operation = target != null && target.startsWith("TrentService.") ? target.substring("TrentService.".length()) : null;

            Map<String, JsonNode> request;
            try {
                request = JsonNode.parser().parse(body).asObject();
            } catch (RuntimeException notJson) {
                request = Map.of();
            }
            requests.add(new RecordedRequest(operation == null ? String.valueOf(target) : operation,
                    text(request, "KeyId"), text(request, "KeyPairSpec"), context(request),
                    text(request, "EncryptionAlgorithm"), contentType,
                    authorization != null && authorization.startsWith("AWS4-HMAC-SHA256")));

            sleep(delay);
            Fault fault = nextFault();
            if (!"POST".equals(exchange.getRequestMethod()) || contentType == null || !contentType.startsWith(JSON)) {
                answerError(exchange, 400, "SerializationException", "expected a POST with " + JSON);
            } else if (authorization == null || !authorization.startsWith("AWS4-HMAC-SHA256")) {
                answerError(exchange, 400, "MissingAuthenticationTokenException", "Missing Authentication Token");
            } else if (fault != null) {
                answerError(exchange, fault.status, fault.type, fault.message);
            } else if ("GenerateDataKeyPairWithoutPlaintext".equals(operation)) {
                generateDataKeyPairWithoutPlaintext(exchange, request);
            } else if ("Decrypt".equals(operation)) {
                decrypt(exchange, request);
            } else {
                answerError(exchange, 400, "UnknownOperationException", null);
            }
            handled.incrementAndGet();
        } catch (IOException clientWentAway) {
            // The client timed out and closed the connection: nothing to answer.
        }
    }

    private synchronized Fault nextFault() {
        Fault queued = queuedFaults.poll();
        return queued != null ? queued : persistentFault;
    }

    private void generateDataKeyPairWithoutPlaintext(HttpExchange exchange, Map<String, JsonNode> request) throws IOException {
        Optional<MasterKey> key = resolve(text(request, "KeyId"));
        if (key.isEmpty()) {
            answer(exchange, Fault.NOT_FOUND);
            return;
        }
        if (refusedForState(exchange, key.get())) {
            return;
        }
        if (!"ECC_NIST_P256".equals(text(request, "KeyPairSpec"))) {
            answer(exchange, Fault.VALIDATION);
            return;
        }
        KeyPair pair = generateP256();
        byte[] pkcs8 = kmsStylePkcs8(pair);
        try {
            byte[] blob = wrap(key.get(), pkcs8, context(request));
            Map<String, String> out = new TreeMap<>();
            out.put("KeyId", key.get().arn);
            out.put("KeyPairSpec", "ECC_NIST_P256");
            out.put("PrivateKeyCiphertextBlob", Base64.getEncoder().encodeToString(blob));
            out.put("PublicKey", Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()));
            answerJson(exchange, 200, out);
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
    }

    private void decrypt(HttpExchange exchange, Map<String, JsonNode> request) throws IOException {
        String requestedKeyId = text(request, "KeyId");
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(Objects.requireNonNullElse(text(request, "CiphertextBlob"), ""));
        } catch (IllegalArgumentException notBase64) {
            answer(exchange, Fault.VALIDATION);
            return;
        }
        if (blob.length < BLOB_MAGIC.length + KEY_ID_BYTES + IV_BYTES + TAG_BYTES
                || !Arrays.equals(blob, 0, BLOB_MAGIC.length, BLOB_MAGIC, 0, BLOB_MAGIC.length)) {
            answer(exchange, Fault.INVALID_CIPHERTEXT);
            return;
        }
        String blobKeyId = new String(blob, BLOB_MAGIC.length, KEY_ID_BYTES, StandardCharsets.US_ASCII);
        MasterKey blobKey = keys.get(blobKeyId);
        Optional<MasterKey> requested = requestedKeyId == null ? Optional.ofNullable(blobKey) : resolve(requestedKeyId);
        if (requested.isEmpty()) {
            answer(exchange, requestedKeyId == null ? Fault.INVALID_CIPHERTEXT : Fault.NOT_FOUND);
            return;
        }
        if (refusedForState(exchange, requested.get())) {
            return;
        }
        if (blobKey == null) {
            answer(exchange, Fault.INVALID_CIPHERTEXT);
            return;
        }
        if (blobKey != requested.get()) {
            answer(exchange, Fault.INCORRECT_KEY);
            return;
        }
        byte[] pkcs8;
        try {
            int offset = BLOB_MAGIC.length + KEY_ID_BYTES;
            Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
            aes.init(Cipher.DECRYPT_MODE, blobKey.aes, new GCMParameterSpec(TAG_BYTES * 8, blob, offset, IV_BYTES));
            aes.updateAAD(canonical(context(request)));
            pkcs8 = aes.doFinal(blob, offset + IV_BYTES, blob.length - offset - IV_BYTES);
        } catch (GeneralSecurityException wrongContextOrTampered) {
            answer(exchange, Fault.INVALID_CIPHERTEXT);
            return;
        }
        byte[] answerPkcs8 = pkcs8WithPublicKey ? pkcs8 : jdkStylePkcs8(pkcs8);
        Map<String, String> out = new TreeMap<>();
        out.put("KeyId", decryptAnswerKeyId != null ? decryptAnswerKeyId : blobKey.arn);
        out.put("Plaintext", Base64.getEncoder().encodeToString(answerPkcs8));
        out.put("EncryptionAlgorithm", "SYMMETRIC_DEFAULT");
        answerJson(exchange, 200, out);
        Arrays.fill(pkcs8, (byte) 0);
        Arrays.fill(answerPkcs8, (byte) 0);
    }

    private boolean refusedForState(HttpExchange exchange, MasterKey key) throws IOException {
        switch (key.state) {
            case DISABLED:
                answer(exchange, Fault.DISABLED);
                return true;
            case PENDING_DELETION:
                answer(exchange, Fault.INVALID_STATE);
                return true;
            default:
                return false;
        }
    }

    private Optional<MasterKey> resolve(String keyId) {
        if (keyId == null) {
            return Optional.empty();
        }
        String prefix = "arn:aws:kms:" + REGION + ":" + ACCOUNT + ":";
        String resource = keyId.startsWith(prefix) ? keyId.substring(prefix.length()) : keyId;
        if (resource.startsWith("alias/")) {
            return Optional.ofNullable(aliases.get(resource)).map(keys::get);
        }
        if (resource.startsWith("key/")) {
            resource = resource.substring("key/".length());
        } else if (keyId.startsWith("arn:")) {
            return Optional.empty(); // another region or account
        }
        return Optional.ofNullable(keys.get(resource));
    }

    private byte[] wrap(MasterKey key, byte[] pkcs8, Map<String, String> context) {
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
            aes.init(Cipher.ENCRYPT_MODE, key.aes, new GCMParameterSpec(TAG_BYTES * 8, iv));
            aes.updateAAD(canonical(context));
            byte[] sealed = aes.doFinal(pkcs8);
            byte[] blob = new byte[BLOB_MAGIC.length + KEY_ID_BYTES + IV_BYTES + sealed.length];
            System.arraycopy(BLOB_MAGIC, 0, blob, 0, BLOB_MAGIC.length);
            System.arraycopy(key.id.getBytes(StandardCharsets.US_ASCII), 0, blob, BLOB_MAGIC.length, KEY_ID_BYTES);
            System.arraycopy(iv, 0, blob, BLOB_MAGIC.length + KEY_ID_BYTES, IV_BYTES);
            System.arraycopy(sealed, 0, blob, BLOB_MAGIC.length + KEY_ID_BYTES + IV_BYTES, sealed.length);
            return blob;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private MasterKey newMasterKey() {
        byte[] aes = new byte[32];
        random.nextBytes(aes);
        MasterKey key = new MasterKey(UUID.randomUUID().toString(), new SecretKeySpec(aes, "AES"));
        keys.put(key.id, key);
        return key;
    }

    private MasterKey keyOrThrow(String keyArn) {
        return resolve(keyArn).orElseThrow(() -> new IllegalArgumentException("no such test master key: " + keyArn));
    }

    // ---------------------------------------------------------------- encodings, independent of the adapter's code

    private static KeyPair generateP256() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    // PKCS#8 as AWS-LC marshals a P-256 key: no [0] parameters (they are in the AlgorithmIdentifier), [1] public key.
    private static final byte[] KMS_PKCS8_HEAD = hex("308187020100301306072a8648ce3d020106082a8648ce3d030107046d306b0201010420");
    private static final byte[] KMS_PKCS8_MIDDLE = hex("a144034200");
    // PKCS#8 as the JDK's SunEC encodes it: the scalar only.
    private static final byte[] JDK_PKCS8_HEAD = hex("3041020100301306072a8648ce3d020106082a8648ce3d030107042730250201010420");
    // SubjectPublicKeyInfo of a named-curve P-256 key up to the point.
    private static final int SPKI_POINT_OFFSET = 26;

    private static byte[] kmsStylePkcs8(KeyPair pair) {
        byte[] scalar = fixed32(((java.security.interfaces.ECPrivateKey) pair.getPrivate()).getS());
        byte[] spki = pair.getPublic().getEncoded();
        byte[] out = new byte[KMS_PKCS8_HEAD.length + 32 + KMS_PKCS8_MIDDLE.length + 65];
        System.arraycopy(KMS_PKCS8_HEAD, 0, out, 0, KMS_PKCS8_HEAD.length);
        System.arraycopy(scalar, 0, out, KMS_PKCS8_HEAD.length, 32);
        System.arraycopy(KMS_PKCS8_MIDDLE, 0, out, KMS_PKCS8_HEAD.length + 32, KMS_PKCS8_MIDDLE.length);
        System.arraycopy(spki, SPKI_POINT_OFFSET, out, KMS_PKCS8_HEAD.length + 32 + KMS_PKCS8_MIDDLE.length, 65);
        Arrays.fill(scalar, (byte) 0);
        return out;
    }

    private static byte[] jdkStylePkcs8(byte[] kmsStyle) {
        byte[] out = new byte[JDK_PKCS8_HEAD.length + 32];
        System.arraycopy(JDK_PKCS8_HEAD, 0, out, 0, JDK_PKCS8_HEAD.length);
        System.arraycopy(kmsStyle, KMS_PKCS8_HEAD.length, out, JDK_PKCS8_HEAD.length, 32);
        return out;
    }

    private static byte[] fixed32(java.math.BigInteger value) {
        byte[] raw = value.toByteArray();
        byte[] out = new byte[32];
        int length = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - length, out, 32 - length, length);
        return out;
    }

    /** Context as associated data: sorted, length-prefixed, like KMS binds it (its exact form is private). */
    private static byte[] canonical(Map<String, String> context) {
        StringBuilder out = new StringBuilder();
        new TreeMap<>(context).forEach((k, v) -> out.append(k.length()).append(':').append(k).append(v.length()).append(':').append(v));
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String text(Map<String, JsonNode> request, String field) {
        JsonNode node = request.get(field);
        return node == null || !node.isString() ? null : node.asString();
    }

    private static Map<String, String> context(Map<String, JsonNode> request) {
        JsonNode node = request.get("EncryptionContext");
        Map<String, String> context = new TreeMap<>();
        if (node != null && node.isObject()) {
            node.asObject().forEach((k, v) -> context.put(k, v.isString() ? v.asString() : v.text()));
        }
        return Collections.unmodifiableMap(context);
    }

    private static void sleep(Duration wait) {
        if (!wait.isZero()) {
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void answer(HttpExchange exchange, Fault fault) throws IOException {
        answerError(exchange, fault.status, fault.type, fault.message);
    }

    private static void answerError(HttpExchange exchange, int status, String type, String message) throws IOException {
        Map<String, String> out = new TreeMap<>();
        out.put("__type", type);
        if (message != null) {
            out.put("message", message);
        }
        answerJson(exchange, status, out);
    }

    private static void answerJson(HttpExchange exchange, int status, Map<String, String> fields) throws IOException {
        StringBuilder json = new StringBuilder("{");
        fields.forEach((k, v) -> {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append(quote(k)).append(':').append(quote(v));
        });
        byte[] body = json.append('}').toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", JSON);
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
        Arrays.fill(body, (byte) 0);
    }

    private static String quote(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private static byte[] hex(String hex) {
        return java.util.HexFormat.of().parseHex(hex);
    }
}
