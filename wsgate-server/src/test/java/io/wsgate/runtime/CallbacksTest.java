package io.wsgate.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsgate.model.RuntimeFunction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a function's process gets to call the gateway back: the gateway's certificates to trust
 * unless the user named their own, and the API URLs of its variables in AWS's form rewritten to the
 * gateway's, with the port bound when the process starts.
 */
class CallbacksTest {
    private static final Path CODE = Path.of("/srv/app").toAbsolutePath();
    private static final Set<String> SERVED = Set.of("chat", "k3x9a1b2c4");

    @TempDir
    Path dir;

    private final AtomicInteger port = new AtomicInteger(8080);
    private final Callbacks rewriting = new Callbacks(Map.of(), () -> "127.0.0.1:" + port, () -> SERVED);

    private Map<String, String> environment(
            Callbacks callbacks, Map<String, String> variables, Map<String, String> inherited) {
        var function = RuntimeFunction.of("Send", RuntimeFunction.Runtime.PYTHON312, "send.handler", CODE)
                .withVariables(variables);
        return new Launch(Path.of("/tmp/boot"), inherited, callbacks).environment(function, 4711);
    }

    @Test
    void anApisAwsUrlReachesTheGateway() {
        Map<String, String> env = environment(
                rewriting,
                Map.of(
                        "ENDPOINT_URL", "https://k3x9a1b2c4.execute-api.us-east-1.amazonaws.com/dev",
                        "SOCKET", "wss://chat.execute-api.eu-west-1.amazonaws.com/prod",
                        "CALLBACK", "https://chat.execute-api.us-east-1.amazonaws.com/dev/@connections",
                        "TRAILING", "https://CHAT.execute-api.us-east-1.amazonaws.com:443/dev/"),
                Map.of());
        assertThat(env)
                .containsEntry("ENDPOINT_URL", "http://127.0.0.1:8080/k3x9a1b2c4/dev")
                .containsEntry("SOCKET", "ws://127.0.0.1:8080/chat/prod")
                .containsEntry("CALLBACK", "http://127.0.0.1:8080/chat/dev/@connections")
                .containsEntry("TRAILING", "http://127.0.0.1:8080/chat/dev/");
    }

    @Test
    void otherValuesAreLeftAsTheyAre() {
        var values = Map.of(
                "OTHER_API", "https://zzzz999999.execute-api.us-east-1.amazonaws.com/dev",
                "NOT_AWS", "https://chat.example.com/dev",
                "TABLE", "chat",
                "EMBEDDED", "see https://chat.execute-api.us-east-1.amazonaws.com/dev for more");
        assertThat(environment(rewriting, values, Map.of())).containsAllEntriesOf(values);
    }

    @Test
    void thePortIsTheOneBoundWhenTheProcessStarts() {
        port.set(0);
        var launch = new Launch(Path.of("/tmp/boot"), Map.of(), rewriting); // made before the listener binds
        port.set(41234);
        var function = RuntimeFunction.of("Send", RuntimeFunction.Runtime.PYTHON312, "send.handler", CODE)
                .withVariables(Map.of("ENDPOINT_URL", "https://chat.execute-api.us-east-1.amazonaws.com/dev"));
        assertThat(launch.environment(function, 4711)).containsEntry("ENDPOINT_URL", "http://127.0.0.1:41234/chat/dev");
    }

    @Test
    void theGatewaysCertificatesAreTrustedBesideTheSystemsRoots() throws Exception {
        Path ca = pem("ca.pem", "CA");
        Path mine = pem("mine.pem", "ME");
        var callbacks = Callbacks.trusting(List.of(ca, mine), dir, Map.of(), () -> "127.0.0.1:1", () -> SERVED);
        Map<String, String> env = environment(callbacks, Map.of(), Map.of());
        Path trust = dir.resolve("trust.pem");
        Path bundle = dir.resolve("ca-bundle.pem");
        assertThat(env)
                .containsEntry("NODE_EXTRA_CA_CERTS", trust.toString())
                .containsEntry("AWS_CA_BUNDLE", bundle.toString())
                .containsEntry("SSL_CERT_FILE", bundle.toString())
                .containsEntry("REQUESTS_CA_BUNDLE", bundle.toString());
        assertThat(Files.readString(trust)).isEqualTo(Files.readString(ca) + Files.readString(mine));
        String roots = Files.readString(bundle);
        assertThat(roots).endsWith(Files.readString(trust));
        Callbacks.SYSTEM_ROOTS.stream()
                .filter(Files::isReadable)
                .findFirst()
                .ifPresent(system -> assertThat(roots.length())
                        .isGreaterThan((int) system.toFile().length()));
    }

    @Test
    void theBundlesAreNamedAbsolutelySinceProcessesRunInTheirCodesDirectory() throws Exception {
        Path relative = Path.of("").toAbsolutePath().relativize(dir); // as --data-dir data gives it
        var callbacks =
                Callbacks.trusting(List.of(pem("ca.pem", "CA")), relative, Map.of(), () -> "127.0.0.1:1", () -> SERVED);
        Map<String, String> env = environment(callbacks, Map.of(), Map.of());
        for (String variable : Callbacks.TRUST) {
            assertThat(Path.of(env.get(variable))).as(variable).isAbsolute().exists();
        }
    }

    @Test
    void whatWsgatesEnvironmentTrustsIsTrustedStill() throws Exception {
        Path ca = pem("ca.pem", "CA");
        Path corporate = pem("corporate.pem", "CORP");
        var callbacks = Callbacks.trusting(
                List.of(ca),
                dir,
                Map.of("AWS_CA_BUNDLE", corporate.toString(), "NODE_EXTRA_CA_CERTS", corporate.toString()),
                () -> "127.0.0.1:1",
                () -> SERVED);
        Map<String, String> env = environment(callbacks, Map.of(), Map.of());
        for (String name : List.of("AWS_CA_BUNDLE", "NODE_EXTRA_CA_CERTS")) {
            Path bundle = Path.of(env.get(name));
            assertThat(bundle).isEqualTo(dir.resolve(name + ".pem"));
            assertThat(Files.readString(bundle)).isEqualTo(Files.readString(corporate) + Files.readString(ca));
        }
        assertThat(env)
                .containsEntry("SSL_CERT_FILE", dir.resolve("ca-bundle.pem").toString());
    }

    @Test
    void trustTheFunctionSetsIsItsOwn() throws Exception {
        var callbacks =
                Callbacks.trusting(List.of(pem("ca.pem", "CA")), dir, Map.of(), () -> "127.0.0.1:1", () -> SERVED);
        Map<String, String> env = environment(callbacks, Map.of("NODE_EXTRA_CA_CERTS", "/mine/extra.pem"), Map.of());
        assertThat(env)
                .containsEntry("NODE_EXTRA_CA_CERTS", "/mine/extra.pem")
                .containsEntry("SSL_CERT_FILE", dir.resolve("ca-bundle.pem").toString());
    }

    private Path pem(String name, String body) throws java.io.IOException {
        return Files.writeString(
                dir.resolve(name), "-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n");
    }

    @Test
    void withoutCertificatesNoTrustIsSet() {
        assertThat(environment(rewriting, Map.of(), Map.of("SSL_CERT_FILE", "/etc/x.pem")))
                .doesNotContainKeys("NODE_EXTRA_CA_CERTS", "AWS_CA_BUNDLE", "SSL_CERT_FILE", "REQUESTS_CA_BUNDLE");
    }
}
