package io.wsgate.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code dev-tls}: the data-plane port speaks TLS too unless the file turns it off. */
class DevTlsSettingTest {
    private static ConfigFile read(String gateway) {
        return ConfigLoader.parse(
                "g.yaml", gateway + "apis: [{name: a, routeSelectionExpression: $request.body.action}]\n");
    }

    @Test
    void onByDefault() {
        ConfigFile file = read("");
        assertThat(file.problems()).isEmpty();
        assertThat(file.settings().devTls()).isTrue();
    }

    @Test
    void falseTurnsItOff() {
        ConfigFile file = read("gateway: {dev-tls: false}\n");
        assertThat(file.problems()).isEmpty();
        assertThat(file.settings().devTls()).isFalse();
    }

    @Test
    void anythingButABooleanIsAProblemNamingTheMember() {
        ConfigFile file = read("gateway: {dev-tls: sometimes}\n");
        assertThat(file.problems())
                .singleElement()
                .satisfies(p -> assertThat(p.path()).isEqualTo("gateway.dev-tls"))
                .satisfies(p -> assertThat(p.message()).contains("expected true or false"));
    }
}
