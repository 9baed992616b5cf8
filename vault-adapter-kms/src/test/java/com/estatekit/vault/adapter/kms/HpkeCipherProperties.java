package com.estatekit.vault.adapter.kms;

import static org.assertj.core.api.Assertions.assertThat;

import com.estatekit.vault.domain.fake.SoftwareEc;
import com.estatekit.vault.domain.model.EncodedPublicKey;
import com.estatekit.vault.domain.model.KeyVersion;
import com.estatekit.vault.domain.model.Plaintext;
import com.estatekit.vault.domain.model.PrivateKeyMaterial;
import com.estatekit.vault.domain.model.SealedValue;
import com.estatekit.vault.domain.model.UserId;
import com.estatekit.vault.domain.port.out.Cipher;
import java.security.KeyPair;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.ByteRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.BeforeContainer;

class HpkeCipherProperties {

    private static final UserId USER = UserId.of(42);
    private static final KeyVersion VERSION = KeyVersion.of(3);

    private static HpkeCipher cipher;
    private static EncodedPublicKey publicKey;
    private static Cipher.Opener opener;
    private static SealedValue reference;

    @BeforeContainer
    static void keys() {
        CryptoProviders.install();
        cipher = new HpkeCipher();
        KeyPair pair = SoftwareEc.generateP256();
        publicKey = EncodedPublicKey.ofDer(pair.getPublic().getEncoded());
        try (PrivateKeyMaterial key = PrivateKeyMaterial.takeOwnership(pair.getPrivate().getEncoded())) {
            opener = cipher.opener(USER, VERSION, key);
        }
        try (Plaintext plaintext = Plaintext.ofString("account 12345678")) {
            reference = cipher.sealer(USER, VERSION, publicKey).seal(plaintext);
        }
    }

    /** Any well-formed Unicode string: code points from the whole range, surrogates excluded. */
    @Provide
    Arbitrary<String> unicode() {
        return Arbitraries.integers().between(0, 0x10FFFF)
                .filter(cp -> cp < 0xD800 || cp > 0xDFFF)
                .list().ofMaxSize(200)
                .map(cps -> cps.stream().collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString());
    }

    @Property(tries = 300)
    void any_string_round_trips(@ForAll("unicode") String text) {
        SealedValue sealed;
        try (Plaintext plaintext = Plaintext.ofString(text)) {
            sealed = cipher.sealer(USER, VERSION, publicKey).seal(plaintext);
        }

        assertThat(SealedValue.parse(sealed.format())).isEqualTo(sealed);
        assertThat(opener.open(sealed).map(Plaintext::asString)).contains(text);
    }

    @Property(tries = 500)
    void any_single_byte_change_of_a_sealed_payload_stops_it_opening(@ForAll @IntRange(min = 0, max = 10_000) int position,
                                                                    @ForAll @ByteRange(min = 1) byte xor) {
        byte[] payload = reference.payload();
        int index = position % payload.length;
        payload[index] ^= xor;

        assertThat(opener.open(SealedValue.of(VERSION, payload))).isEmpty();
    }

    @Property(tries = 300)
    void arbitrary_payloads_never_open_and_never_throw(@ForAll @Size(min = SealedValue.MIN_PAYLOAD_BYTES, max = 300) byte[] payload) {
        Optional<Plaintext> opened = opener.open(SealedValue.of(VERSION, payload));

        assertThat(opened).isEmpty();
    }

    @Property(tries = 300)
    void the_der_readers_throw_nothing_but_their_one_error(@ForAll @Size(max = 200) byte[] bytes) {
        for (Runnable reader : new Runnable[] {() -> P256Der.parsePkcs8(bytes), () -> P256Der.pointFromSpki(bytes)}) {
            try {
                reader.run();
            } catch (IllegalArgumentException expected) {
                assertThat(expected).hasMessageStartingWith("not a");
            }
        }
    }
}
