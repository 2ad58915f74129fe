package io.wsgate.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsgate.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The development certificate: a CA and a server certificate it signed for the local names, its
 * key readable by its owner only, the CA's key nowhere; reused while valid and covering the names,
 * made anew when it would expire within {@link DevCertificate#RENEW_BEFORE}, when a name is missing
 * or when a file is damaged. OpenSSL, as Node.js and Python use it, verifies the chain strictly.
 */
class DevCertificateTest {
    static final List<String> NAMES = List.of("localhost", "127.0.0.1", "::1", "devbox");

    @TempDir
    Path dir;

    @Test
    void aCaSignsAServerCertificateForTheLocalNames() throws Exception {
        var made = DevCertificate.in(dir, NAMES, Clock.systemUTC());
        assertThat(made.made()).isTrue();
        X509Certificate ca = DevCertificate.read(made.ca()).getFirst();
        List<X509Certificate> chain = DevCertificate.read(made.certificate());
        X509Certificate server = chain.getFirst();
        assertThat(chain).hasSize(2).last().isEqualTo(ca);
        server.verify(ca.getPublicKey());
        ca.verify(ca.getPublicKey());
        assertThat(ca.getBasicConstraints()).as("a CA").isZero();
        assertThat(server.getBasicConstraints()).as("not a CA").isEqualTo(-1);
        assertThat(server.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1"); // serverAuth
        assertThat(server.getSubjectAlternativeNames().stream().map(n -> String.valueOf(n.get(1))))
                .containsExactlyInAnyOrder("localhost", "127.0.0.1", "0:0:0:0:0:0:0:1", "devbox");
        assertThat(Duration.between(Instant.now(), server.getNotAfter().toInstant()))
                .isGreaterThan(DevCertificate.VALIDITY.minusDays(1));
    }

    @Test
    void theKeyIsTheOwnersAndTheCasKeyIsNotKept() throws Exception {
        var made = DevCertificate.in(dir, NAMES, Clock.systemUTC());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(made.key())))
                .isEqualTo("rw-------");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("ca.pem", "cert.pem", "key.pem");
        }
        assertThat(Files.readString(made.key())).startsWith("-----BEGIN PRIVATE KEY-----");
    }

    @Test
    void aLaterStartReusesIt() throws Exception {
        var first = DevCertificate.in(dir, NAMES, Clock.systemUTC());
        String pem = Files.readString(first.certificate());
        var second = DevCertificate.in(dir, List.of("localhost", "::1"), Clock.systemUTC());
        assertThat(second.made()).isFalse();
        assertThat(Files.readString(second.certificate())).isEqualTo(pem);
    }

    @Test
    void itIsMadeAnewWhenItWouldSoonExpire() throws Exception {
        var first = DevCertificate.in(dir, NAMES, Clock.systemUTC());
        String pem = Files.readString(first.certificate());
        Instant late = Instant.now().plus(DevCertificate.VALIDITY).minus(DevCertificate.RENEW_BEFORE.minusDays(1));
        var again = DevCertificate.in(dir, NAMES, Clock.fixed(late, ZoneOffset.UTC));
        assertThat(again.made()).isTrue();
        assertThat(Files.readString(again.certificate())).isNotEqualTo(pem);
    }

    @Test
    void itIsMadeAnewForANameItLacks() throws Exception {
        DevCertificate.in(dir, NAMES, Clock.systemUTC());
        var again = DevCertificate.in(dir, List.of("localhost", "otherbox"), Clock.systemUTC());
        assertThat(again.made()).isTrue();
        assertThat(DevCertificate.read(again.certificate()).getFirst().getSubjectAlternativeNames())
                .anySatisfy(n -> assertThat(n.get(1)).isEqualTo("otherbox"));
    }

    @Test
    void itIsMadeAnewWhenAFileIsDamaged() throws Exception {
        DevCertificate.in(dir, NAMES, Clock.systemUTC());
        Files.writeString(dir.resolve("key.pem"), "-----BEGIN PRIVATE KEY-----\nbroken\n-----END PRIVATE KEY-----\n");
        assertThat(DevCertificate.in(dir, NAMES, Clock.systemUTC()).made()).isTrue();
        var other = DevCertificate.in(Files.createDirectory(dir.resolve("other")), NAMES, Clock.systemUTC());
        Files.copy(other.key(), dir.resolve("key.pem"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThat(DevCertificate.in(dir, NAMES, Clock.systemUTC()).made())
                .as("a key that is not the certificate's")
                .isTrue();
    }

    @Test
    void openSslVerifiesTheChainStrictly() {
        var made = DevCertificate.in(dir, NAMES, Clock.systemUTC());
        var version = Tools.probe(List.of("openssl", "version"));
        org.junit.jupiter.api.Assumptions.assumeTrue(version.isPresent(), "openssl is not installed");
        var run = Tools.run(List.of(
                "openssl",
                "verify",
                "-x509_strict",
                "-purpose",
                "sslserver",
                "-verify_ip",
                "127.0.0.1",
                "-CAfile",
                made.ca().toString(),
                made.certificate().toString()));
        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains(": OK");
    }
}
