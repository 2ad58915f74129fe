package io.wsgate.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wsgate.model.Api;
import io.wsgate.testing.GatewayProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the development certificate lives: under the data directory, reused by the next start;
 * without one, for the run only; a directory it cannot be kept in stops the start, saying how to
 * do without it; {@code serve} names the file when it starts.
 */
class DevTlsTest {
    @TempDir
    Path dir;

    private static Gateway.Builder builder() {
        return Gateway.builder()
                .api(Api.builder("tls").stage("dev").build())
                .host("127.0.0.1")
                .port(0)
                .eventLoops(1);
    }

    @Test
    void itIsKeptInTheDataDirectoryAndReusedByTheNextStart() throws Exception {
        Path data = dir.resolve("data");
        String first;
        try (Gateway gateway = builder().control(0, data).start()) {
            assertThat(gateway.devTlsCa()).contains(data.resolve("dev-tls/ca.pem"));
            first = Files.readString(data.resolve("dev-tls/cert.pem"));
        }
        assertThat(data.resolve("dev-tls/ca.pem")).exists();
        try (Gateway gateway = builder().control(0, data).start()) {
            assertThat(Files.readString(data.resolve("dev-tls/cert.pem"))).isEqualTo(first);
        }
    }

    @Test
    void withoutADataDirectoryItIsTheRunsOnly() {
        Path ca;
        try (Gateway gateway = builder().start()) {
            ca = gateway.devTlsCa().orElseThrow();
            assertThat(ca).exists();
        }
        assertThat(ca.getParent()).doesNotExist();
    }

    @Test
    void aDataDirectoryItCannotBeKeptInStopsTheStart() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-directory"), "");
        assertThatThrownBy(() -> builder().control(0, file).start())
                .hasMessageContaining(file.resolve("dev-tls").toString())
                .hasMessageContaining("gateway.dev-tls: false");
    }

    @Test
    void serveNamesTheCertificateWhenItStarts() {
        try (var serve = GatewayProcess.serve(
                "--port",
                "0",
                "--control-port",
                "0",
                "--data-dir",
                dir.resolve("data").toString())) {
            String line = serve.awaitLine(l -> l.contains("development certificate"));
            assertThat(line)
                    .contains(dir.resolve("data/dev-tls/cert.pem").toString())
                    .contains("made")
                    .contains("gateway.dev-tls: false");
        }
    }
}
