package io.wsgate.transport;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The development certificate of the data-plane port's TLS ({@link OptionalTls}): a CA made here
 * and a server certificate it signs for the names a caller on this machine uses (localhost,
 * 127.0.0.1, ::1, the machine's host name, the listener's host). Files in its directory:
 *
 * <ul>
 *   <li>{@code ca.pem}: the CA's certificate, what a client trusts ({@code NODE_EXTRA_CA_CERTS},
 *       {@code AWS_CA_BUNDLE}...);
 *   <li>{@code cert.pem}: the server certificate, then the CA's (the chain the listener sends);
 *   <li>{@code key.pem}: the server's private key (PKCS#8), readable by its owner only.
 * </ul>
 *
 * <p>The CA's own private key is never written: it signs the one server certificate and is
 * forgotten, so a client that trusts {@code ca.pem} trusts that certificate and nothing anyone
 * could sign later. Keys are EC P-256, signatures ECDSA with SHA-256. The files are reused by later
 * starts while the server certificate is valid for at least {@link #RENEW_BEFORE} more, names every
 * name wanted and matches its key; otherwise both certificates are made anew.
 */
public final class DevCertificate {
    static final Duration VALIDITY = Duration.ofDays(365);
    static final Duration RENEW_BEFORE = Duration.ofDays(30);

    private static final String SIGNATURE = "SHA256withECDSA";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path directory;
    private final Set<String> names;
    private final boolean made;

    private DevCertificate(Path directory, Set<String> names, boolean made) {
        this.directory = directory;
        this.names = Set.copyOf(names);
        this.made = made;
    }

    /**
     * The certificate kept in {@code directory} (created if needed) when it is still good for
     * {@code names}, else a new one written there.
     *
     * @throws UncheckedIOException when the directory or its files cannot be written
     */
    public static DevCertificate in(Path directory, Collection<String> names, Clock clock) {
        var wanted = new LinkedHashSet<>(names);
        try {
            Files.createDirectories(directory);
            var existing = new DevCertificate(directory, wanted, false);
            if (existing.goodFor(wanted, clock.instant())) {
                return existing;
            }
            var fresh = new DevCertificate(directory, wanted, true);
            fresh.write(clock.instant());
            return fresh;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot keep the development certificate in " + directory.toAbsolutePath() + ": " + e, e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot make the development certificate: " + e, e);
        }
    }

    /**
     * The names a caller on this machine may use: localhost, the loopback addresses, the machine's
     * host name and {@code listenerHost} unless it is a wildcard address.
     */
    public static List<String> localNames(String listenerHost) {
        var names = new LinkedHashSet<>(List.of("localhost", "127.0.0.1", "::1"));
        try {
            String host = InetAddress.getLocalHost().getHostName();
            if (!host.isBlank()) {
                names.add(host);
            }
        } catch (IOException e) {
            // no host name to add: the loopback names remain
        }
        if (!listenerHost.equals("0.0.0.0") && !listenerHost.equals("::") && !listenerHost.isBlank()) {
            names.add(listenerHost);
        }
        return List.copyOf(names);
    }

    /** The CA's certificate (PEM): what clients trust. */
    public Path ca() {
        return directory.resolve("ca.pem");
    }

    /** The server certificate and the CA's (PEM). */
    public Path certificate() {
        return directory.resolve("cert.pem");
    }

    /** The server's private key (PKCS#8 PEM). */
    public Path key() {
        return directory.resolve("key.pem");
    }

    public Path directory() {
        return directory;
    }

    /** Whether this start made the files (rather than reusing them). */
    public boolean made() {
        return made;
    }

    /** Whether the files are there, valid past {@code now + RENEW_BEFORE}, cover {@code wanted} and match. */
    private boolean goodFor(Set<String> wanted, Instant now) {
        if (!Files.isRegularFile(ca()) || !Files.isRegularFile(certificate()) || !Files.isRegularFile(key())) {
            return false;
        }
        try {
            List<X509Certificate> chain = read(certificate());
            if (chain.isEmpty() || read(ca()).isEmpty()) {
                return false;
            }
            X509Certificate server = chain.get(0);
            if (server.getNotBefore().toInstant().isAfter(now)
                    || server.getNotAfter().toInstant().isBefore(now.plus(RENEW_BEFORE))) {
                return false;
            }
            return covered(server).containsAll(canonical(wanted)) && matches(server, readKey(key()));
        } catch (IOException | GeneralSecurityException | RuntimeException unreadable) {
            return false; // made anew
        }
    }

    private void write(Instant now) throws IOException, GeneralSecurityException, OperatorCreationException {
        var generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        KeyPair caKeys = generator.generateKeyPair();
        KeyPair serverKeys = generator.generateKeyPair();
        // An hour back, for clocks a little behind this one.
        Date from = Date.from(now.minus(Duration.ofHours(1)));
        Date to = Date.from(now.plus(VALIDITY));
        var extensions = new JcaX509ExtensionUtils();

        X500Name caName = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, "wsgate development")
                .addRDN(BCStyle.CN, "wsgate development CA " + now.getEpochSecond())
                .build();
        X509v3CertificateBuilder caBuilder = new JcaX509v3CertificateBuilder(
                        caName, serial(), from, to, caName, caKeys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                .addExtension(
                        Extension.subjectKeyIdentifier,
                        false,
                        extensions.createSubjectKeyIdentifier(caKeys.getPublic()));
        X509Certificate ca = sign(caBuilder, caKeys.getPrivate());

        X500Name serverName = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, "wsgate development")
                .addRDN(BCStyle.CN, "localhost")
                .build();
        var alternatives = names.stream().map(DevCertificate::generalName).toArray(GeneralName[]::new);
        X509v3CertificateBuilder serverBuilder = new JcaX509v3CertificateBuilder(
                        ca, serial(), from, to, serverName, serverKeys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(alternatives))
                .addExtension(
                        Extension.subjectKeyIdentifier,
                        false,
                        extensions.createSubjectKeyIdentifier(serverKeys.getPublic()))
                .addExtension(Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(ca));
        X509Certificate server = sign(serverBuilder, caKeys.getPrivate());

        // The key first and the CA last: a start that finds ca.pem finds the other two whole.
        writeAtomically(key(), pem(new JcaPKCS8Generator(serverKeys.getPrivate(), null)), true);
        writeAtomically(certificate(), pem(server) + pem(ca), false);
        writeAtomically(ca(), pem(ca), false);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer)
            throws OperatorCreationException, GeneralSecurityException {
        var signed = builder.build(new JcaContentSignerBuilder(SIGNATURE).build(signer));
        return new JcaX509CertificateConverter().getCertificate(signed);
    }

    /** A positive serial number of 127 random bits, as RFC 5280 asks (at most 20 octets, unpredictable). */
    private static BigInteger serial() {
        return new BigInteger(127, RANDOM).add(BigInteger.ONE);
    }

    private static GeneralName generalName(String name) {
        return isAddress(name)
                ? new GeneralName(GeneralName.iPAddress, name)
                : new GeneralName(GeneralName.dNSName, name);
    }

    /** An IP literal (so no lookup happens for it), as opposed to a host name. */
    private static boolean isAddress(String name) {
        return name.contains(":") || name.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    /** Names in one spelling: host names in lower case, addresses as the JDK writes them. */
    private static Set<String> canonical(Collection<String> names) {
        var out = new LinkedHashSet<String>();
        for (String name : names) {
            if (isAddress(name)) {
                try {
                    out.add(InetAddress.getByName(name).getHostAddress());
                } catch (IOException e) {
                    out.add(name);
                }
            } else {
                out.add(name.toLowerCase(java.util.Locale.ROOT));
            }
        }
        return out;
    }

    private static Set<String> covered(X509Certificate certificate) throws GeneralSecurityException {
        var names = new ArrayList<String>();
        Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
        if (alternatives != null) {
            for (List<?> entry : alternatives) {
                names.add(String.valueOf(entry.get(1)));
            }
        }
        return canonical(names);
    }

    /** Whether {@code key} is the private half of the certificate's public key: it signs, the certificate verifies. */
    private static boolean matches(X509Certificate certificate, PrivateKey key) throws GeneralSecurityException {
        byte[] challenge = new byte[32];
        RANDOM.nextBytes(challenge);
        var signer = Signature.getInstance(SIGNATURE);
        signer.initSign(key);
        signer.update(challenge);
        byte[] signature = signer.sign();
        var verifier = Signature.getInstance(SIGNATURE);
        verifier.initVerify(certificate.getPublicKey());
        verifier.update(challenge);
        return verifier.verify(signature);
    }

    static List<X509Certificate> read(Path pem) throws IOException, GeneralSecurityException {
        try (var in = Files.newInputStream(pem)) {
            var out = new ArrayList<X509Certificate>();
            for (var certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                out.add((X509Certificate) certificate);
            }
            return out;
        }
    }

    private static PrivateKey readKey(Path pem) throws IOException {
        try (Reader reader = Files.newBufferedReader(pem, StandardCharsets.US_ASCII);
                var parser = new PEMParser(reader)) {
            Object object = parser.readObject();
            if (!(object instanceof PrivateKeyInfo info)) {
                throw new IOException(pem + ": not a PKCS#8 private key");
            }
            return new JcaPEMKeyConverter().getPrivateKey(info);
        }
    }

    private static String pem(Object object) throws IOException {
        var text = new StringWriter();
        try (var writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        }
        return text.toString();
    }

    /** Writes {@code text} to a file beside {@code target}, then moves it over: never half a file. */
    private static void writeAtomically(Path target, String text, boolean secret) throws IOException {
        Path temporary =
                Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
        try {
            permissions(temporary, secret ? "rw-------" : "rw-r--r--");
            Files.writeString(temporary, text, StandardCharsets.US_ASCII);
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static void permissions(Path file, String posix) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(posix));
        } catch (UnsupportedOperationException notPosix) {
            // another file system: its default permissions apply
        }
    }

    @Override
    public String toString() {
        return "DevCertificate{" + certificate() + " names=" + names + (made ? " made" : " reused") + "}";
    }
}
