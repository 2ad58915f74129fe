package io.wsgate.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsgate.app.CliTest.Result;
import io.wsgate.testing.GatewayProcess;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A listener that cannot bind is named with its port; the control plane says where it listens. */
class ListenTest {
    private static final String CERT = "src/test/resources/tls/localhost.crt";
    private static final String KEY = "src/test/resources/tls/localhost.key";

    @Test
    void aBusyWebSocketPortIsNamed() throws Exception {
        try (var busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Result result = CliTest.run("serve", "--no-control", "--port", Integer.toString(busy.getLocalPort()));
            assertThat(result.exit()).isEqualTo(1);
            assertThat(result.err())
                    .contains("cannot listen on 127.0.0.1:" + busy.getLocalPort() + " (the WebSocket listener)");
        }
    }

    @Test
    void aBusyControlPortIsNamedAsTheControlPlanes(@TempDir Path dir) throws Exception {
        try (var busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Result result = CliTest.run(
                    "serve",
                    "--port",
                    "0",
                    "--control-port",
                    Integer.toString(busy.getLocalPort()),
                    "--data-dir",
                    dir.toString());
            assertThat(result.exit()).isEqualTo(1);
            assertThat(result.err())
                    .contains("cannot listen on 127.0.0.1:" + busy.getLocalPort() + " (the control plane listener)")
                    .doesNotContain("WebSocket");
        }
    }

    @Test
    void aBusyTlsPortIsNamedAsTheTlsListeners() throws Exception {
        try (var busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Result result = CliTest.run(
                    "serve",
                    "--no-control",
                    "--port",
                    "0",
                    "--tls-port",
                    Integer.toString(busy.getLocalPort()),
                    "--tls-cert",
                    CERT,
                    "--tls-key",
                    KEY);
            assertThat(result.exit()).isEqualTo(1);
            assertThat(result.err())
                    .contains("cannot listen on 127.0.0.1:" + busy.getLocalPort() + " (the TLS listener)");
        }
    }

    @Test
    void aControlPlaneOnEveryInterfaceLogsThatAddressAndWarns(@TempDir Path dir) {
        try (var process = GatewayProcess.serve(
                "--port", "0", "--control-host", "0.0.0.0", "--control-port", "0", "--data-dir", dir.toString())) {
            process.awaitLine(l -> l.contains("control plane (apigatewayv2) on http://0.0.0.0:"));
            String warning = process.awaitLine(l -> l.contains("unauthenticated"));
            assertThat(warning).contains("WARN").contains("host=0.0.0.0");
        }
    }

    @Test
    void aControlPlaneOnLoopbackGivesNoWarning(@TempDir Path dir) {
        try (var process = GatewayProcess.serve("--port", "0", "--control-port", "0", "--data-dir", dir.toString())) {
            process.awaitControl();
            process.awaitLine(l -> l.contains("stage=dev"));
            assertThat(process.output()).doesNotContain("unauthenticated");
        }
    }
}
