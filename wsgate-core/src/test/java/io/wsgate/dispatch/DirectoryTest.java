package io.wsgate.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsgate.model.Api;
import io.wsgate.route.RouteSelector;
import io.wsgate.route.SelectionExpression;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The URL scheme: {@code /{apiId}/{stage}} on any host, {@code /{stage}} on an execute-api host. */
class DirectoryTest {
    private final Directory directory =
            new Directory(List.of(stage("chat", "dev"), stage("chat", "prod"), stage("dev", "x")));

    private static StageRuntime stage(String apiId, String stage) {
        Api api = Api.builder(apiId).stage(stage).build();
        return new StageRuntime(
                api,
                api.stage(stage).orElseThrow(),
                new RouteTable(
                        "d",
                        new RouteSelector(SelectionExpression.parse("$request.body.a"), Set.of()),
                        Map.of(),
                        Map.of()));
    }

    @Test
    void pathStyleNamesApiAndStage() {
        assertThat(directory.resolve("127.0.0.1:8080", "/chat/dev"))
                .get()
                .extracting(StageRuntime::stageName)
                .isEqualTo("dev");
        assertThat(directory.resolve("localhost", "/chat/prod/"))
                .get()
                .extracting(StageRuntime::stageName)
                .isEqualTo("prod");
        assertThat(directory.resolve("localhost", "/chat")).isEmpty();
        assertThat(directory.resolve("localhost", "/chat/dev/more")).isEmpty();
        assertThat(directory.resolve("localhost", "/chat/test")).isEmpty();
        assertThat(directory.resolve(null, "/")).isEmpty();
    }

    @Test
    void anExecuteApiHostNamesTheApi() {
        assertThat(directory.resolve("chat.execute-api.localhost:8080", "/dev"))
                .get()
                .extracting(StageRuntime::apiId)
                .isEqualTo("chat");
        assertThat(directory.resolve("CHAT.execute-api.us-east-1.amazonaws.com", "/prod"))
                .isPresent();
        assertThat(directory.resolve("chat.execute-api.localhost", "/chat/dev")).isEmpty();
        assertThat(directory.resolve("nope.execute-api.localhost", "/dev")).isEmpty();
    }
}
