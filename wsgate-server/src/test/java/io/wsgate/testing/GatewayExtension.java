package io.wsgate.testing;

import io.wsgate.app.Gateway;
import java.net.URI;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.apigatewayv2.ApiGatewayV2Client;

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
    private ApiGatewayV2Client v2;

    public GatewayExtension(Supplier<Gateway.Builder> builder) {
        this.builder = builder;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        gateway = builder.get().host("127.0.0.1").port(0).eventLoops(2).start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (v2 != null) {
            v2.close();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    public Gateway gateway() {
        return gateway;
    }

    /** The AWS SDK's apigatewayv2 client on the gateway's control plane, made once, closed with it. */
    public synchronized ApiGatewayV2Client v2() {
        if (v2 == null) {
            v2 = ControlClients.v2(gateway);
        }
        return v2;
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
