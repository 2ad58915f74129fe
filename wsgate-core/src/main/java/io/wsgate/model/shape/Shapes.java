package io.wsgate.model.shape;

/**
 * The request shapes of the apigatewayv2 operations wsgate serves, member for member. Lengths are
 * the model's where it names them ({@code StringWithLengthBetween1And128}...); selection keys and
 * expressions, which it leaves open, have {@link #KEY_CHARS}; see {@link Shape} for the rest.
 */
public final class Shapes {
    /** Route keys, response keys, selection expressions: the model gives no length; this is wsgate's. */
    public static final int KEY_CHARS = 1024;
    /** A mapping template's size (the quota is 300 KB; the model's TemplateMap values, 32 K). */
    public static final int TEMPLATE_CHARS = 32_768;
    /** Routes an API may have: AWS's quota, which is also how many route settings a stage may hold. */
    public static final int ROUTES_PER_API = 300;

    private Shapes() {}

    public static final Shape API = new Shape()
            .name("name", 128)
            .enumeration("protocolType", "WEBSOCKET", "HTTP")
            .string("routeSelectionExpression", KEY_CHARS)
            .string("apiKeySelectionExpression", KEY_CHARS)
            .string("description", 1024)
            .bool("disableSchemaValidation")
            .bool("disableExecuteApiEndpoint")
            .enumeration("ipAddressType", "ipv4", "dualstack")
            .tags("tags")
            .name("version", 64)
            // HTTP-API-only members, refused by name for WEBSOCKET:
            .object("corsConfiguration", new Shape())
            .string("credentialsArn")
            .string("routeKey", KEY_CHARS)
            .string("target");

    public static final Shape PARAMETER_CONSTRAINTS = new Shape().bool("required");

    public static final Shape ROUTE = new Shape()
            .name("routeKey", KEY_CHARS)
            .string("target", 128)
            .enumeration("authorizationType", "NONE", "AWS_IAM", "CUSTOM", "JWT")
            .string("authorizerId")
            .bool("apiKeyRequired")
            .strings("authorizationScopes", Shape.DEFAULT_ENTRIES, 64)
            .string("routeResponseSelectionExpression", KEY_CHARS)
            .string("modelSelectionExpression", KEY_CHARS)
            .stringMap("requestModels", Shape.DEFAULT_ENTRIES, Shape.DEFAULT_KEY_CHARS, 128)
            .objectMap("requestParameters", PARAMETER_CONSTRAINTS)
            .name("operationName", 64);

    public static final Shape ROUTE_RESPONSE = new Shape()
            .name("routeResponseKey", KEY_CHARS)
            .string("modelSelectionExpression", KEY_CHARS)
            .stringMap("responseModels", Shape.DEFAULT_ENTRIES, Shape.DEFAULT_KEY_CHARS, 128)
            .objectMap("responseParameters", PARAMETER_CONSTRAINTS);

    public static final Shape INTEGRATION = new Shape()
            .enumeration("integrationType", "AWS", "AWS_PROXY", "HTTP", "HTTP_PROXY", "MOCK")
            .string("integrationUri", 2048)
            .name("integrationMethod", 64)
            .enumeration("connectionType", "INTERNET", "VPC_LINK")
            .string("connectionId", 1024)
            .string("credentialsArn")
            .enumeration("contentHandlingStrategy", "CONVERT_TO_BINARY", "CONVERT_TO_TEXT")
            .enumeration("passthroughBehavior", "WHEN_NO_MATCH", "NEVER", "WHEN_NO_TEMPLATES")
            .stringMap("requestParameters", Shape.DEFAULT_ENTRIES, Shape.DEFAULT_KEY_CHARS, 512)
            .stringMap("requestTemplates", Shape.DEFAULT_ENTRIES, Shape.DEFAULT_KEY_CHARS, TEMPLATE_CHARS)
            .string("templateSelectionExpression", KEY_CHARS)
            .integer("timeoutInMillis", 50, 29_000)
            .name("payloadFormatVersion", 64)
            .string("description", 1024)
            .name("integrationSubtype", 128)
            .object("tlsConfig", new Shape().string("serverNameToVerify", 512));

    public static final Shape INTEGRATION_RESPONSE = new Shape()
            .name("integrationResponseKey", KEY_CHARS)
            .stringMap("responseTemplates", Shape.DEFAULT_ENTRIES, Shape.DEFAULT_KEY_CHARS, TEMPLATE_CHARS)
            .string("templateSelectionExpression", KEY_CHARS)
            .enumeration("contentHandlingStrategy", "CONVERT_TO_BINARY", "CONVERT_TO_TEXT")
            .stringMap("responseParameters", Shape.DEFAULT_ENTRIES, Shape.DEFAULT_KEY_CHARS, 512);

    public static final Shape ROUTE_SETTINGS = new Shape()
            .bool("dataTraceEnabled")
            .bool("detailedMetricsEnabled")
            .enumeration("loggingLevel", "ERROR", "INFO", "OFF")
            .integer("throttlingBurstLimit", 0, Integer.MAX_VALUE)
            .decimal("throttlingRateLimit");

    // The model says 1024 characters for format; the quotas page, 3 KB: the larger is kept.
    public static final Shape ACCESS_LOG_SETTINGS =
            new Shape().string("destinationArn").string("format", 3 * 1024);

    public static final Shape STAGE = new Shape()
            .name("stageName", 128)
            .string("deploymentId")
            .bool("autoDeploy")
            .stringMap("stageVariables", Shape.DEFAULT_ENTRIES, 64, 2048)
            .object("defaultRouteSettings", ROUTE_SETTINGS)
            .objectMap("routeSettings", ROUTE_SETTINGS, ROUTES_PER_API, KEY_CHARS)
            .object("accessLogSettings", ACCESS_LOG_SETTINGS)
            .string("clientCertificateId")
            .string("description", 1024)
            .tags("tags");

    public static final Shape DEPLOYMENT =
            new Shape().string("description", 1024).name("stageName", 128);

    public static final Shape AUTHORIZER = new Shape()
            .name("name", 128)
            .enumeration("authorizerType", "REQUEST", "JWT")
            .strings("identitySource", Shape.DEFAULT_ENTRIES, KEY_CHARS)
            .string("authorizerUri", 2048)
            .string("authorizerCredentialsArn")
            .integer("authorizerResultTtlInSeconds", 0, 3600)
            .string("identityValidationExpression", 1024)
            .name("authorizerPayloadFormatVersion", 64)
            .bool("enableSimpleResponses")
            .object("jwtConfiguration", new Shape().strings("audience").string("issuer", 2048));

    public static final Shape DOMAIN_NAME_CONFIGURATION = new Shape()
            .string("certificateArn")
            .name("certificateName", 128)
            .enumeration("endpointType", "REGIONAL", "EDGE")
            .enumeration("securityPolicy", "TLS_1_0", "TLS_1_2")
            .enumeration("ipAddressType", "ipv4", "dualstack")
            .string("ownershipVerificationCertificateArn");

    public static final Shape DOMAIN_NAME = new Shape()
            .name("domainName", 512)
            .objects("domainNameConfigurations", DOMAIN_NAME_CONFIGURATION)
            .object(
                    "mutualTlsAuthentication",
                    new Shape().string("truststoreUri", 2048).name("truststoreVersion", 64))
            .enumeration("routingMode", "API_MAPPING_ONLY", "ROUTING_RULE_ONLY", "ROUTING_RULE_THEN_API_MAPPING")
            .tags("tags");

    public static final Shape API_MAPPING =
            new Shape().name("apiId", 128).name("stage", 128).name("apiMappingKey", KEY_CHARS);

    public static final Shape TAGS = new Shape().tags("tags");
}
