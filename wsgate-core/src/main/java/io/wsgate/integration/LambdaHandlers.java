package io.wsgate.integration;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Runs Lambda Java handlers in-process, unchanged: a {@code RequestHandler} whose input is {@code
 * APIGatewayV2WebSocketEvent} gets that object filled in directly; any other input type (a {@code
 * Map}, a POJO, {@code JsonNode}) is bound from the event's JSON; a {@code RequestStreamHandler}
 * reads the JSON itself. The output is read as a Lambda proxy result.
 */
final class LambdaHandlers {
    private static final ObjectMapper MAPPER =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private LambdaHandlers() {}

    /** Whether {@code handler} is a kind this class runs. */
    static boolean accepts(Object handler) {
        return handler instanceof RequestHandler<?, ?> || handler instanceof RequestStreamHandler;
    }

    static LocalFunction adapt(String functionName, Object handler) {
        if (handler instanceof RequestStreamHandler stream) {
            return (event, context) -> {
                var out = new ByteArrayOutputStream();
                stream.handleRequest(
                        new ByteArrayInputStream(EventJson.write(event)),
                        out,
                        new LambdaContext(functionName, context));
                return out.size() == 0
                        ? ProxyResults.read(null)
                        : ProxyResults.read(MAPPER.readTree(out.toByteArray()));
            };
        }
        @SuppressWarnings("unchecked")
        RequestHandler<Object, Object> request = (RequestHandler<Object, Object>) handler;
        Type input = inputType(handler.getClass());
        return (event, context) -> {
            Object in = input == APIGatewayV2WebSocketEvent.class
                    ? toLambdaEvent(event)
                    : MAPPER.readValue(EventJson.write(event), MAPPER.constructType(input));
            Object out = request.handleRequest(in, new LambdaContext(functionName, context));
            return out instanceof APIGatewayV2WebSocketResponse response
                    ? fromLambdaResponse(response)
                    : ProxyResults.read(out == null ? null : MAPPER.valueToTree(out));
        };
    }

    /** The {@code I} of {@code RequestHandler<I, O>} as {@code type} implements it; Object if unknown. */
    static Type inputType(Class<?> type) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Type implemented : c.getGenericInterfaces()) {
                if (implemented instanceof ParameterizedType p && p.getRawType() == RequestHandler.class) {
                    Type argument = p.getActualTypeArguments()[0];
                    return argument instanceof Class<?> || argument instanceof ParameterizedType
                            ? argument
                            : Object.class;
                }
            }
        }
        return Object.class;
    }

    /** A handler called with a JSON payload, answering the JSON it returned, as Lambda calls it. */
    @FunctionalInterface
    interface JsonHandler {
        byte[] call(byte[] payload, HandlerContext context) throws Exception;
    }

    /**
     * {@code handler} called with any payload (an authorizer's event, an Invoke API payload): a
     * {@code RequestStreamHandler} reads it; a {@code RequestHandler} gets it bound to its input
     * type, and what it returns is written as JSON ({@code null} when it returns nothing).
     */
    static JsonHandler json(String functionName, Object handler) {
        if (handler instanceof RequestStreamHandler stream) {
            return (payload, context) -> {
                var out = new ByteArrayOutputStream();
                stream.handleRequest(new ByteArrayInputStream(payload), out, new LambdaContext(functionName, context));
                return out.toByteArray();
            };
        }
        @SuppressWarnings("unchecked")
        RequestHandler<Object, Object> request = (RequestHandler<Object, Object>) handler;
        var input = MAPPER.constructType(inputType(handler.getClass()));
        return (payload, context) -> {
            Object in = MAPPER.readValue(payload, input);
            return MAPPER.writeValueAsBytes(request.handleRequest(in, new LambdaContext(functionName, context)));
        };
    }

    static APIGatewayV2WebSocketEvent toLambdaEvent(WebSocketEvent event) {
        RequestContext source = event.requestContext();
        var identity = new APIGatewayV2WebSocketEvent.RequestIdentity();
        identity.setSourceIp(source.sourceIp());
        identity.setUserAgent(source.userAgent());
        Map<String, String> caller = source.caller().identity();
        identity.setAccessKey(caller.get("accessKey"));
        identity.setAccountId(caller.get("accountId"));
        identity.setCaller(caller.get("caller"));
        identity.setUser(caller.get("user"));
        identity.setUserArn(caller.get("userArn"));
        identity.setApiKey(caller.get("apiKey"));

        var context = new APIGatewayV2WebSocketEvent.RequestContext();
        context.setRouteKey(source.routeKey());
        context.setMessageId(source.messageId());
        context.setEventType(source.eventType().name());
        context.setExtendedRequestId(source.requestId());
        context.setRequestTime(source.requestTime());
        context.setMessageDirection("IN");
        context.setStage(source.stage());
        context.setConnectedAt(source.connectedAt());
        context.setRequestTimeEpoch(source.requestTimeEpoch());
        context.setIdentity(identity);
        context.setRequestId(source.requestId());
        context.setDomainName(source.domainName());
        context.setConnectionId(source.connectionId());
        context.setApiId(source.apiId());
        context.setAuthorizer(source.authorizer());

        var lambdaEvent = new APIGatewayV2WebSocketEvent();
        lambdaEvent.setRequestContext(context);
        lambdaEvent.setHeaders(event.headers());
        lambdaEvent.setMultiValueHeaders(event.multiValueHeaders());
        lambdaEvent.setQueryStringParameters(event.queryStringParameters());
        lambdaEvent.setMultiValueQueryStringParameters(event.multiValueQueryStringParameters());
        lambdaEvent.setStageVariables(event.stageVariables().isEmpty() ? null : event.stageVariables());
        lambdaEvent.setBody(event.body());
        lambdaEvent.setIsBase64Encoded(event.isBase64Encoded());
        return lambdaEvent;
    }

    private static IntegrationResult fromLambdaResponse(APIGatewayV2WebSocketResponse response) {
        var headers = new LinkedHashMap<String, String>();
        if (response.getMultiValueHeaders() != null) {
            response.getMultiValueHeaders().forEach((name, values) -> {
                if (values != null && values.length > 0) {
                    headers.put(name, values[values.length - 1]);
                }
            });
        }
        if (response.getHeaders() != null) {
            headers.putAll(response.getHeaders());
        }
        return new IntegrationResult.Response(
                OptionalInt.of(response.getStatusCode()), headers, Optional.ofNullable(response.getBody()));
    }
}
