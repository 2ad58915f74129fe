package io.wsgate.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wsgate.model.AccessLogSettings;
import io.wsgate.model.InvalidModelException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Access log formats as users paste them: the four the API Gateway console offers for WebSocket
 * APIs, rendered with every variable in place, {@code -} where a variable has no value; and the
 * checks AWS makes of a stage's settings.
 */
class AccessLogFormatTest {
    static final String CLF = "$context.identity.sourceIp $context.identity.caller $context.identity.user"
            + " [$context.requestTime] \"$context.eventType $context.routeKey $context.connectionId\""
            + " $context.status  $context.requestId";
    static final String JSON = "{\"requestId\":\"$context.requestId\", \"ip\": \"$context.identity.sourceIp\","
            + " \"caller\":\"$context.identity.caller\", \"user\":\"$context.identity.user\","
            + " \"requestTime\":\"$context.requestTime\", \"eventType\":\"$context.eventType\","
            + " \"routeKey\":\"$context.routeKey\", \"status\":\"$context.status\","
            + " \"connectionId\":\"$context.connectionId\"}";
    static final String XML = "<request id=\"$context.requestId\"> <ip>$context.identity.sourceIp</ip>"
            + " <caller>$context.identity.caller</caller> <user>$context.identity.user</user>"
            + " <requestTime>$context.requestTime</requestTime> <eventType>$context.eventType</eventType>"
            + " <routeKey>$context.routeKey</routeKey> <status>$context.status</status>"
            + " <connectionId>$context.connectionId</connectionId> </request>";
    static final String CSV = "$context.identity.sourceIp,$context.identity.caller,$context.identity.user,"
            + "$context.requestTime,$context.eventType,$context.routeKey,$context.connectionId,$context.status,"
            + "$context.requestId";

    static final Map<String, String> VALUES = Map.of(
            "requestId", "Lq2ZbF1gIAMFjGw=",
            "identity.sourceIp", "127.0.0.1",
            "requestTime", "03/Dec/2026:17:50:58 +0000",
            "eventType", "MESSAGE",
            "routeKey", "sendmessage",
            "status", "200",
            "connectionId", "Lq2Z_eCHIAMCKhA=");

    @Test
    void theConsolesFormatsRenderAsPastedWithADashForNoValue() {
        assertThat(AccessLogFormat.parse(CLF).render(VALUES::get))
                .isEqualTo("127.0.0.1 - - [03/Dec/2026:17:50:58 +0000] \"MESSAGE sendmessage Lq2Z_eCHIAMCKhA=\" 200 "
                        + " Lq2ZbF1gIAMFjGw=");
        assertThat(AccessLogFormat.parse(JSON).render(VALUES::get))
                .isEqualTo("{\"requestId\":\"Lq2ZbF1gIAMFjGw=\", \"ip\": \"127.0.0.1\", \"caller\":\"-\","
                        + " \"user\":\"-\", \"requestTime\":\"03/Dec/2026:17:50:58 +0000\", \"eventType\":\"MESSAGE\","
                        + " \"routeKey\":\"sendmessage\", \"status\":\"200\", \"connectionId\":\"Lq2Z_eCHIAMCKhA=\"}");
        assertThat(AccessLogFormat.parse(XML).render(VALUES::get))
                .isEqualTo("<request id=\"Lq2ZbF1gIAMFjGw=\"> <ip>127.0.0.1</ip> <caller>-</caller> <user>-</user>"
                        + " <requestTime>03/Dec/2026:17:50:58 +0000</requestTime> <eventType>MESSAGE</eventType>"
                        + " <routeKey>sendmessage</routeKey> <status>200</status>"
                        + " <connectionId>Lq2Z_eCHIAMCKhA=</connectionId> </request>");
        assertThat(AccessLogFormat.parse(CSV).render(VALUES::get))
                .isEqualTo("127.0.0.1,-,-,03/Dec/2026:17:50:58 +0000,MESSAGE,sendmessage,Lq2Z_eCHIAMCKhA=,200,"
                        + "Lq2ZbF1gIAMFjGw=");
        for (String format : new String[] {CLF, JSON, XML, CSV}) { // AWS's checks pass them
            assertThat(new AccessLogSettings("arn:aws:logs:us-east-1:000000000000:log-group:/aws/chat", format)
                            .format())
                    .isEqualTo(format);
        }
    }

    @Test
    void variablesEndAtTheFirstCharacterNoNameHasAndATrailingDotIsText() {
        AccessLogFormat format =
                AccessLogFormat.parse("$context.requestId: status $context.status. $context. $$context.stage-x");
        assertThat(format.variables()).containsExactly("requestId", "status", "stage");
        assertThat(format.render(Map.of("requestId", "r1", "status", "403", "stage", "")::get))
                .isEqualTo("r1: status 403. $context. $--x");
        assertThat(AccessLogFormat.parse("no variables").render(name -> "x")).isEqualTo("no variables");
    }

    @Test
    void awsRefusesSettingsWithoutRequestIdOnSeveralLinesOrToAnythingButALogGroup() {
        assertThatThrownBy(() ->
                        new AccessLogSettings("arn:aws:logs:us-east-1:000000000000:log-group:chat", "$context.status"))
                .isInstanceOf(InvalidModelException.class)
                .hasMessage("format: Access log format must include $context.requestId");
        assertThatThrownBy(() -> new AccessLogSettings(
                        "arn:aws:logs:us-east-1:000000000000:log-group:chat", "$context.requestId\n$context.status"))
                .hasMessage("format: Access Log format must be single line, new line character is allowed only at"
                        + " end of the format");
        assertThatThrownBy(() -> new AccessLogSettings(
                        "arn:aws:firehose:us-east-1:000000000000:deliverystream/x", "$context.requestId"))
                .hasMessageStartingWith("destinationArn: 'arn:aws:firehose:");
        assertThatThrownBy(() -> new AccessLogSettings(
                        "arn:aws:logs:us-east-1:000000000000:log-group:a b", "$context.requestId"))
                .hasMessage("destinationArn: Access log destination must only contain characters a-z, A-Z, 0-9,"
                        + " '_', '-', '/', '.': 'log-group:a b'");
        var settings = new AccessLogSettings(
                "arn:aws:logs:us-east-1:000000000000:log-group:/aws/chat:*", "$context.requestId\n");
        assertThat(settings.logGroupName()).as("what Fn::GetAtt gives").isEqualTo("/aws/chat");
    }

    @Test
    void aValuesControlCharactersAreEscapedSoALineStaysOne() {
        var format = AccessLogFormat.parse("$context.requestId $context.error.message");
        String line = format.render(name -> name.equals("requestId") ? "r-1" : "bad\nline\r\tend\u001b.");
        assertThat(line).isEqualTo("r-1 bad\\nline\\r\\tend\\u001b.");
        assertThat(line).doesNotContain("\n");
    }
}
