package com.estatekit.vault.adapter.kms;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * Strict reader and writer of the two DER forms a P-256 key arrives in: X.509 SubjectPublicKeyInfo
 * (what KMS returns as {@code PublicKey}) and PKCS#8 PrivateKeyInfo wrapping an RFC 5915
 * ECPrivateKey (what KMS {@code Decrypt} returns, and what the JDK's {@code getEncoded()} gives).
 *
 * <p>Hand-written rather than through {@code KeyFactory} so that the secret scalar only ever lives
 * in byte arrays we own and wipe, never in an immutable {@link BigInteger} or a provider's key
 * object. Only named-curve P-256 is accepted; every other shape is refused with
 * {@link IllegalArgumentException}, whose message never contains key bytes.
 */
final class P256Der {

    /** Bytes of a P-256 scalar and of one coordinate. */
    static final int FIELD_BYTES = 32;
    /** Bytes of an uncompressed point {@code 04 || x || y}. */
    static final int POINT_BYTES = 65;

    /** The group order n of P-256. */
    static final BigInteger ORDER =
            new BigInteger("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551", 16);

    // OID 1.2.840.10045.2.1 (id-ecPublicKey) and 1.2.840.10045.3.1.7 (prime256v1), with tag and length.
    private static final byte[] OID_EC_PUBLIC_KEY = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};
    private static final byte[] OID_P256 = {0x06, 0x08, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x03, 0x01, 0x07};

    /** SEQUENCE { id-ecPublicKey, prime256v1 } */
    private static final byte[] ALGORITHM_IDENTIFIER = concat(new byte[] {0x30, 0x13}, OID_EC_PUBLIC_KEY, OID_P256);

    /** Everything of a P-256 SubjectPublicKeyInfo before the 65 point bytes; DER makes it unique. */
    private static final byte[] SPKI_PREFIX = concat(new byte[] {0x30, 0x59}, ALGORITHM_IDENTIFIER, new byte[] {0x03, 0x42, 0x00});

    private P256Der() {
    }

    /**
     * The uncompressed point of a P-256 SubjectPublicKeyInfo. Does not check that the point is on
     * the curve; Tink does that when the key is imported.
     *
     * @throws IllegalArgumentException for anything but a named-curve P-256 key with an uncompressed point
     */
    static byte[] pointFromSpki(byte[] spki) {
        if (spki == null || spki.length != SPKI_PREFIX.length + POINT_BYTES
                || !Arrays.equals(spki, 0, SPKI_PREFIX.length, SPKI_PREFIX, 0, SPKI_PREFIX.length)
                || spki[SPKI_PREFIX.length] != 0x04) {
            throw new IllegalArgumentException("not a named-curve P-256 SubjectPublicKeyInfo with an uncompressed point");
        }
        return Arrays.copyOfRange(spki, SPKI_PREFIX.length, spki.length);
    }

    /** The SubjectPublicKeyInfo of an uncompressed point. */
    static byte[] spkiFromPoint(byte[] point) {
        if (point == null || point.length != POINT_BYTES || point[0] != 0x04) {
            throw new IllegalArgumentException("not an uncompressed P-256 point");
        }
        return concat(SPKI_PREFIX, point);
    }

    /**
     * The parts of a P-256 PKCS#8 private key. Owns {@link #scalar()}; {@link #wipe()} overwrites it.
     * No {@code toString}, so it cannot reach a log.
     */
    static final class PrivateKeyParts {
        private final byte[] scalar;
        private final byte[] point;

        private PrivateKeyParts(byte[] scalar, byte[] point) {
            this.scalar = scalar;
            this.point = point;
        }

        /** The 32-byte big-endian scalar; the array itself, wiped by {@link #wipe()}. */
        byte[] scalar() {
            return scalar;
        }

        /** The uncompressed public point if the encoding carried one, else null. */
        byte[] pointOrNull() {
            return point == null ? null : point.clone();
        }

        void wipe() {
            Arrays.fill(scalar, (byte) 0);
        }
    }

    /**
     * Reads a PKCS#8 PrivateKeyInfo (version 0, algorithm id-ecPublicKey with prime256v1) holding an
     * RFC 5915 ECPrivateKey (version 1, the scalar, optional [0] parameters that must name P-256, and
     * an optional [1] public key). The scalar must be in {@code [1, n-1]}.
     *
     * @throws IllegalArgumentException for anything else
     */
    static PrivateKeyParts parsePkcs8(byte[] pkcs8) {
        if (pkcs8 == null) {
            throw notPkcs8();
        }
        Reader outer = new Reader(pkcs8, 0, pkcs8.length);
        Reader info = outer.enter(0x30);
        outer.expectEnd();

        info.expectBytes(new byte[] {0x02, 0x01, 0x00});
        info.expectBytes(ALGORITHM_IDENTIFIER);
        Reader octets = info.enter(0x04);
        info.expectEnd(); // no [0] attributes, no [1] public key of OneAsymmetricKey v2

        Reader ecPrivateKey = octets.enter(0x30);
        octets.expectEnd();
        ecPrivateKey.expectBytes(new byte[] {0x02, 0x01, 0x01});
        Reader scalarField = ecPrivateKey.enter(0x04);
        int scalarLength = scalarField.remaining();
        if (scalarLength < 1 || scalarLength > FIELD_BYTES) {
            throw notPkcs8();
        }
        byte[] scalar = new byte[FIELD_BYTES];
        scalarField.copyRemainingInto(scalar, FIELD_BYTES - scalarLength);

        byte[] point = null;
        try {
            if (ecPrivateKey.hasMore() && ecPrivateKey.peekTag() == 0xa0) {
                Reader parameters = ecPrivateKey.enter(0xa0);
                parameters.expectBytes(OID_P256);
                parameters.expectEnd();
            }
            if (ecPrivateKey.hasMore() && ecPrivateKey.peekTag() == 0xa1) {
                Reader publicKey = ecPrivateKey.enter(0xa1);
                Reader bits = publicKey.enter(0x03);
                publicKey.expectEnd();
                bits.expectBytes(new byte[] {0x00});
                if (bits.remaining() != POINT_BYTES) {
                    throw notPkcs8();
                }
                point = new byte[POINT_BYTES];
                bits.copyRemainingInto(point, 0);
                if (point[0] != 0x04) {
                    throw notPkcs8();
                }
            }
            ecPrivateKey.expectEnd();
            if (!inRange(scalar)) {
                throw notPkcs8();
            }
        } catch (IllegalArgumentException e) {
            Arrays.fill(scalar, (byte) 0);
            throw e;
        }
        return new PrivateKeyParts(scalar, point);
    }

    /**
     * Encodes a PKCS#8 PrivateKeyInfo the way OpenSSL and AWS-LC do: ECPrivateKey with the
     * [0] parameters and, when {@code pointOrNull} is given, the [1] public key.
     */
    static byte[] pkcs8(byte[] scalar, byte[] pointOrNull) {
        if (scalar == null || scalar.length != FIELD_BYTES) {
            throw new IllegalArgumentException("a P-256 scalar has 32 bytes");
        }
        byte[] parameters = tagged(0xa0, OID_P256);
        byte[] publicKey = pointOrNull == null ? new byte[0]
                : tagged(0xa1, tagged(0x03, concat(new byte[] {0x00}, pointOrNull)));
        byte[] scalarField = tagged(0x04, scalar);
        byte[] ecPrivateKey = tagged(0x30, concat(new byte[] {0x02, 0x01, 0x01}, scalarField, parameters, publicKey));
        byte[] result = tagged(0x30, concat(new byte[] {0x02, 0x01, 0x00}, ALGORITHM_IDENTIFIER, tagged(0x04, ecPrivateKey)));
        Arrays.fill(scalarField, (byte) 0);
        Arrays.fill(ecPrivateKey, (byte) 0);
        return result;
    }

    /** {@code 1 <= scalar < n}, compared without making a BigInteger of the secret. */
    private static boolean inRange(byte[] scalar) {
        byte[] order = toFixed(ORDER);
        int difference = 0; // sign of scalar - order, decided by the first differing byte
        int nonZero = 0;
        for (int i = 0; i < FIELD_BYTES; i++) {
            int a = scalar[i] & 0xff;
            int b = order[i] & 0xff;
            nonZero |= a;
            if (difference == 0) {
                difference = Integer.compare(a, b);
            }
        }
        return nonZero != 0 && difference < 0;
    }

    /** A non-negative value as exactly 32 big-endian bytes. */
    static byte[] toFixed(BigInteger value) {
        byte[] raw = value.toByteArray();
        byte[] out = new byte[FIELD_BYTES];
        int length = Math.min(raw.length, FIELD_BYTES);
        System.arraycopy(raw, raw.length - length, out, FIELD_BYTES - length, length);
        Arrays.fill(raw, (byte) 0);
        return out;
    }

    private static byte[] tagged(int tag, byte[] content) {
        byte[] length;
        if (content.length < 0x80) {
            length = new byte[] {(byte) content.length};
        } else if (content.length < 0x100) {
            length = new byte[] {(byte) 0x81, (byte) content.length};
        } else {
            length = new byte[] {(byte) 0x82, (byte) (content.length >> 8), (byte) content.length};
        }
        return concat(new byte[] {(byte) tag}, length, content);
    }

    private static byte[] concat(byte[]... parts) {
        int total = 0;
        for (byte[] part : parts) {
            total += part.length;
        }
        byte[] out = new byte[total];
        int offset = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, offset, part.length);
            offset += part.length;
        }
        return out;
    }

    private static IllegalArgumentException notPkcs8() {
        return new IllegalArgumentException("not a P-256 PKCS#8 private key");
    }

    /** A cursor over one DER element's content. Definite, minimal lengths only. */
    private static final class Reader {
        private final byte[] data;
        private int position;
        private final int end;

        Reader(byte[] data, int position, int end) {
            this.data = data;
            this.position = position;
            this.end = end;
        }

        boolean hasMore() {
            return position < end;
        }

        int remaining() {
            return end - position;
        }

        int peekTag() {
            return data[position] & 0xff;
        }

        /** Reads one element with {@code tag} and returns a reader over its content. */
        Reader enter(int tag) {
            if (remaining() < 2 || (data[position] & 0xff) != tag) {
                throw notPkcs8();
            }
            position++;
            int first = data[position++] & 0xff;
            int length;
            if (first < 0x80) {
                length = first;
            } else if (first == 0x81) {
                if (remaining() < 1) {
                    throw notPkcs8();
                }
                length = data[position++] & 0xff;
                if (length < 0x80) {
                    throw notPkcs8();
                }
            } else if (first == 0x82) {
                if (remaining() < 2) {
                    throw notPkcs8();
                }
                length = ((data[position] & 0xff) << 8) | (data[position + 1] & 0xff);
                position += 2;
                if (length < 0x100) {
                    throw notPkcs8();
                }
            } else {
                throw notPkcs8();
            }
            if (length > remaining()) {
                throw notPkcs8();
            }
            Reader inner = new Reader(data, position, position + length);
            position += length;
            return inner;
        }

        void expectBytes(byte[] expected) {
            if (remaining() < expected.length
                    || !Arrays.equals(data, position, position + expected.length, expected, 0, expected.length)) {
                throw notPkcs8();
            }
            position += expected.length;
        }

        void copyRemainingInto(byte[] target, int offset) {
            System.arraycopy(data, position, target, offset, remaining());
            position = end;
        }

        void expectEnd() {
            if (position != end) {
                throw notPkcs8();
            }
        }
    }
}
