package io.wsgate.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wsgate.store.StateStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The control plane's operations called in process, as the REST listener and template readers call them. */
class ControlServiceTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void operationsAnswerInProcessAsOverHttp(@TempDir Path dir) throws Exception {
        try (var store = StateStore.open(dir)) {
            var service = new ControlService(new ControlContext(
                    store,
                    "us-east-1",
                    "000000000000",
                    id -> "ws://127.0.0.1:8080/" + id,
                    api -> List.of(),
                    Clock.systemUTC()));
            JsonNode body = JSON.readTree(
                    "{\"name\":\"chat\",\"protocolType\":\"WEBSOCKET\",\"routeSelectionExpression\":\"$request.body.action\"}");
            Answer created = service.call("POST", "/v2/apis", Map.of(), () -> body);
            assertThat(created.status()).isEqualTo(201);
            String apiId = created.body().path("apiId").asText();
            assertThat(created.body().path("apiEndpoint").asText()).isEqualTo("ws://127.0.0.1:8080/" + apiId);
            Answer got = service.call("GET", "/v2/apis/" + apiId, Map.of(), JSON::nullNode);
            assertThat(got.body().path("name").asText()).isEqualTo("chat");
            assertThat(store.state().path("apis").has(apiId))
                    .as("stored as over HTTP")
                    .isTrue();

            assertThatThrownBy(() -> service.call("GET", "/v2/apis/nope", Map.of(), JSON::nullNode))
                    .isInstanceOfSatisfying(ControlError.class, e -> {
                        assertThat(e.status()).isEqualTo(404);
                        assertThat(e.getMessage()).isEqualTo("Invalid API identifier specified 000000000000:nope");
                    });
            assertThatThrownBy(() -> service.call("POST", "/v2/nothing", Map.of(), () -> {
                        throw new AssertionError("the body of a call to no operation is not read");
                    }))
                    .isInstanceOfSatisfying(
                            ControlError.class, e -> assertThat(e.type()).isEqualTo("NotFoundException"));
            assertThatThrownBy(() -> service.call("POST", "/v2/apis", Map.of(), () -> JSON.createObjectNode()))
                    .isInstanceOfSatisfying(
                            ControlError.class, e -> assertThat(e.status()).isEqualTo(400));
        }
    }
}
