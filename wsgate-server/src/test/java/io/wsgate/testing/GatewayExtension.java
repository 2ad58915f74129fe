package io.wsgate.testing;

import io.wsgate.app.Gateway;
import java.net.URI;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts a gateway on a free loopback port before a test class and stops it after:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final GatewayExtension gateway = new GatewayExtension(() -> Gateway.builder().api(...));
 * }</pre>
 */
public final class GatewayExtension implements BeforeAllCallback, AfterAllCallback {
    private final Supplier<Gateway.Builder> builder;
    private Gateway gateway;

    public GatewayExtension(Supplier<Gateway.Builder> builder) {
        this.builder = builder;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        gateway = builder.get().host("127.0.0.1").port(0).eventLoops(2).start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (gateway != null) {
            gateway.close();
        }
    }

    public Gateway gateway() {
        return gateway;
    }

    public URI url(String apiId, String stage) {
        return gateway.stageUrl(apiId, stage);
    }

    public TestClient connect(String apiId, String stage) {
        return TestClient.connect(url(apiId, stage));
    }

    public int port() {
        return gateway.port();
    }
}
