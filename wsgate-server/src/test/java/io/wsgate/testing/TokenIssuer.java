package io.wsgate.testing;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OpenID issuer for tests, over HTTPS (the tests' localhost certificate): its discovery document
 * at {@code /.well-known/openid-configuration}, its public keys at {@code /jwks.json}, counted; and
 * tokens signed with its RS256, ES256 and EdDSA keys. A key can be added while it runs (a rotation).
 */
public final class TokenIssuer implements AutoCloseable {
    public static final Path CERTIFICATE =
            Path.of("src/test/resources/tls/localhost.crt").toAbsolutePath();
    private static final Path KEY =
            Path.of("src/test/resources/tls/localhost.key").toAbsolutePath();

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final List<JWK> keys = new CopyOnWriteArrayList<>();
    private final AtomicInteger keyFetches = new AtomicInteger();
    private final String issuer;
    public final RSAKey rsa;
    public final ECKey ec;
    public final OctetKeyPair ed;

    public TokenIssuer() {
        try {
            rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
            ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
            ed = new OctetKeyPairGenerator(Curve.Ed25519).keyID("ed-1").generate();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
        keys.addAll(List.of(rsa.toPublicJWK(), ec.toPublicJWK(), ed.toPublicJWK()));
        var options = new HttpServerOptions()
                .setSsl(true)
                .setKeyCertOptions(new PemKeyCertOptions()
                        .setCertPath(CERTIFICATE.toString())
                        .setKeyPath(KEY.toString()));
        int[] port = new int[1];
        String[] base = new String[1];
        server = vertx.createHttpServer(options).requestHandler(request -> {
            switch (request.path()) {
                case "/.well-known/openid-configuration" ->
                    request.response()
                            .putHeader("Content-Type", "application/json")
                            .end("{\"issuer\":\"" + base[0] + "\",\"jwks_uri\":\"" + base[0] + "/jwks.json\"}");
                case "/jwks.json" -> {
                    keyFetches.incrementAndGet();
                    request.response()
                            .putHeader("Content-Type", "application/json")
                            .end(new JWKSet(List.copyOf(keys)).toString());
                }
                default -> request.response().setStatusCode(404).end();
            }
        });
        try {
            port[0] = server.listen(0, "127.0.0.1")
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(10, TimeUnit.SECONDS)
                    .actualPort();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        base[0] = "https://127.0.0.1:" + port[0];
        issuer = base[0];
    }

    public String issuer() {
        return issuer;
    }

    /** How many times the keys were fetched. */
    public int keyFetches() {
        return keyFetches.get();
    }

    /** Publishes {@code key}'s public part beside the others. */
    public void publish(JWK key) {
        keys.add(key.toPublicJWK());
    }

    /** Claims of a token for {@code audience} from this issuer, good for a minute. */
    public JWTClaimsSet.Builder claims(String audience) {
        long now = System.currentTimeMillis();
        return new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(audience)
                .subject("user-42")
                .claim("scope", "chat:read chat:write")
                .issueTime(new java.util.Date(now))
                .expirationTime(new java.util.Date(now + 60_000));
    }

    /** {@code claims} signed with {@code key} (an RSA, EC P-256 or Ed25519 private JWK). */
    public static String sign(JWK key, JWTClaimsSet claims) {
        try {
            JWSSigner signer;
            JWSAlgorithm algorithm;
            if (key instanceof RSAKey r) {
                signer = new RSASSASigner(r);
                algorithm = JWSAlgorithm.RS256;
            } else if (key instanceof ECKey e) {
                signer = new ECDSASigner(e);
                algorithm = JWSAlgorithm.ES256;
            } else {
                signer = new Ed25519Signer((OctetKeyPair) key);
                algorithm = JWSAlgorithm.EdDSA;
            }
            var jwt = new SignedJWT(
                    new JWSHeader.Builder(algorithm)
                            .keyID(key.getKeyID())
                            .type(JOSEObjectType.JWT)
                            .build(),
                    claims);
            jwt.sign(signer);
            return jwt.serialize();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        vertx.close();
    }
}
