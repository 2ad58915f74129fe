package io.wsgate.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** {@code lambda-endpoint}: nothing by default, an Invoke server's URL, or {@code aws} for AWS itself. */
class LambdaSettingsTest {
    private static GatewaySettings.Lambda read(String gateway) {
        ConfigFile file = ConfigLoader.parse(
                "g.yaml", gateway + "apis: [{name: a, routeSelectionExpression: $request.body.action}]\n");
        assertThat(file.problems()).isEmpty();
        return file.settings().lambda();
    }

    @Test
    void withoutAnEndpointNoFunctionIsInvokedOutsideTheProcess() {
        GatewaySettings.Lambda lambda = read("");
        assertThat(lambda.invokes()).isFalse();
        assertThat(lambda.aws()).isFalse();
    }

    @Test
    void awsIsAskedForByName() {
        GatewaySettings.Lambda lambda = read("gateway: {lambda-endpoint: aws, lambda-region: eu-west-1}\n");
        assertThat(lambda.aws()).isTrue();
        assertThat(lambda.endpoint()).isEmpty();
        assertThat(lambda.region()).contains("eu-west-1");
        assertThat(lambda.invokes()).isTrue();
    }

    @Test
    void aUrlIsAnInvokeServer() {
        GatewaySettings.Lambda lambda = read("gateway: {lambda-endpoint: 'http://127.0.0.1:3001'}\n");
        assertThat(lambda.aws()).isFalse();
        assertThat(lambda.endpoint()).contains(URI.create("http://127.0.0.1:3001"));
        assertThat(lambda.invokes()).isTrue();
    }
}
