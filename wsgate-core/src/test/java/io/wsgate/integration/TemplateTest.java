package io.wsgate.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wsgate.connection.Caller;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Mapping templates: substitution only, and a clear refusal of what is not supported. */
class TemplateTest {
    static WebSocketEvent event(String body) {
        var context = new RequestContext(
                "send",
                EventType.MESSAGE,
                "m1",
                "r1",
                1708326715514L,
                "dev",
                1708326702789L,
                "10.0.0.1",
                "agent/1",
                "h",
                "c1=",
                "api",
                null,
                null,
                new Caller(Map.of("principalId", "user-1", "level", 3), Map.of()));
        return new WebSocketEvent(context, null, null, body, false, Map.of("table", "chat"));
    }

    @Test
    void contextStageVariablesAndInputAreSubstituted() {
        var template = Template.parse("{\"id\":\"$context.connectionId\",\"stage\":\"${context.stage}\","
                + "\"ip\":\"$context.identity.sourceIp\",\"who\":\"$context.authorizer.principalId\","
                + "\"level\":$context.authorizer.level,\"table\":\"$stageVariables.table\",\"t2\":\"$stageVariables['table']\","
                + "\"text\":$input.json('$.text'),\"n\":\"$input.path('$.n')\",\"all\":$input.json('$'),"
                + "\"missing\":$input.json('$.nope'),\"cost\":\"\\$5\"}");
        assertThat(template.render(event("{\"text\":\"hi \\\"there\\\"\",\"n\":7}")))
                .isEqualTo("{\"id\":\"c1=\",\"stage\":\"dev\",\"ip\":\"10.0.0.1\",\"who\":\"user-1\",\"level\":3,"
                        + "\"table\":\"chat\",\"t2\":\"chat\",\"text\":\"hi \\\"there\\\"\",\"n\":\"7\","
                        + "\"all\":{\"text\":\"hi \\\"there\\\"\",\"n\":7},\"missing\":null,\"cost\":\"$5\"}");
    }

    @Test
    void aBraceAfterAnUnbracedVariableStaysText() {
        assertThat(Template.parse("{$context.requestId}").render(event("x"))).isEqualTo("{r1}");
        assertThat(Template.parse("id=$context.messageId.").render(event("x"))).isEqualTo("id=m1.");
        assertThat(Template.parse("$input.body").render(event("raw text"))).isEqualTo("raw text");
    }

    @Test
    void directivesAndUtilAreRefused() {
        assertThatThrownBy(() -> Template.parse("#if($input.body)x#end")).hasMessageContaining("VTL directive '#if'");
        assertThatThrownBy(() -> Template.parse("#set($a = 1)")).hasMessageContaining("'#set'");
        assertThatThrownBy(() -> Template.parse("$util.escapeJavaScript($input.body)"))
                .hasMessageContaining("'$util'");
        assertThatThrownBy(() -> Template.parse("$input.json('text')"))
                .hasMessageContaining("expected: one starting with $");
    }
}
