package io.wsgate.control;

/** The request shapes of the apigatewayv2 operations wsgate serves, member for member. */
final class Shapes {
    private Shapes() {}

    static final Shape API = new Shape()
            .string("name", 128)
            .enumeration("protocolType", "WEBSOCKET", "HTTP")
            .string("routeSelectionExpression")
            .string("apiKeySelectionExpression")
            .string("description", 1024)
            .bool("disableSchemaValidation")
            .bool("disableExecuteApiEndpoint")
            .enumeration("ipAddressType", "ipv4", "dualstack")
            .stringMap("tags")
            .string("version", 64)
            // HTTP-API-only members, refused by name for WEBSOCKET:
            .object("corsConfiguration", new Shape())
            .string("credentialsArn")
            .string("routeKey")
            .string("target");

    static final Shape PARAMETER_CONSTRAINTS = new Shape().bool("required");

    static final Shape ROUTE = new Shape()
            .string("routeKey")
            .string("target")
            .enumeration("authorizationType", "NONE", "AWS_IAM", "CUSTOM", "JWT")
            .string("authorizerId")
            .bool("apiKeyRequired")
            .strings("authorizationScopes")
            .string("routeResponseSelectionExpression")
            .string("modelSelectionExpression")
            .stringMap("requestModels")
            .objectMap("requestParameters", PARAMETER_CONSTRAINTS)
            .string("operationName");

    static final Shape ROUTE_RESPONSE = new Shape()
            .string("routeResponseKey")
            .string("modelSelectionExpression")
            .stringMap("responseModels")
            .objectMap("responseParameters", PARAMETER_CONSTRAINTS);

    static final Shape INTEGRATION = new Shape()
            .enumeration("integrationType", "AWS", "AWS_PROXY", "HTTP", "HTTP_PROXY", "MOCK")
            .string("integrationUri")
            .string("integrationMethod")
            .enumeration("connectionType", "INTERNET", "VPC_LINK")
            .string("connectionId")
            .string("credentialsArn")
            .enumeration("contentHandlingStrategy", "CONVERT_TO_BINARY", "CONVERT_TO_TEXT")
            .enumeration("passthroughBehavior", "WHEN_NO_MATCH", "NEVER", "WHEN_NO_TEMPLATES")
            .stringMap("requestParameters")
            .stringMap("requestTemplates")
            .string("templateSelectionExpression")
            .integer("timeoutInMillis", 50, 29_000)
            .string("payloadFormatVersion")
            .string("description", 1024)
            .string("integrationSubtype")
            .object("tlsConfig", new Shape().string("serverNameToVerify"));

    static final Shape INTEGRATION_RESPONSE = new Shape()
            .string("integrationResponseKey")
            .stringMap("responseTemplates")
            .string("templateSelectionExpression")
            .enumeration("contentHandlingStrategy", "CONVERT_TO_BINARY", "CONVERT_TO_TEXT")
            .stringMap("responseParameters");

    static final Shape ROUTE_SETTINGS = new Shape()
            .bool("dataTraceEnabled")
            .bool("detailedMetricsEnabled")
            .enumeration("loggingLevel", "ERROR", "INFO", "OFF")
            .integer("throttlingBurstLimit", 0, Integer.MAX_VALUE)
            .decimal("throttlingRateLimit");

    static final Shape ACCESS_LOG_SETTINGS =
            new Shape().string("destinationArn").string("format");

    static final Shape STAGE = new Shape()
            .string("stageName")
            .string("deploymentId")
            .bool("autoDeploy")
            .stringMap("stageVariables")
            .object("defaultRouteSettings", ROUTE_SETTINGS)
            .objectMap("routeSettings", ROUTE_SETTINGS)
            .object("accessLogSettings", ACCESS_LOG_SETTINGS)
            .string("clientCertificateId")
            .string("description", 1024)
            .stringMap("tags");

    static final Shape DEPLOYMENT = new Shape().string("description", 1024).string("stageName");

    static final Shape AUTHORIZER = new Shape()
            .string("name", 128)
            .enumeration("authorizerType", "REQUEST", "JWT")
            .strings("identitySource")
            .string("authorizerUri")
            .string("authorizerCredentialsArn")
            .integer("authorizerResultTtlInSeconds", 0, 3600)
            .string("identityValidationExpression")
            .string("authorizerPayloadFormatVersion")
            .bool("enableSimpleResponses")
            .object("jwtConfiguration", new Shape().strings("audience").string("issuer"));

    static final Shape DOMAIN_NAME_CONFIGURATION = new Shape()
            .string("certificateArn")
            .string("certificateName")
            .enumeration("endpointType", "REGIONAL", "EDGE")
            .enumeration("securityPolicy", "TLS_1_0", "TLS_1_2")
            .enumeration("ipAddressType", "ipv4", "dualstack")
            .string("ownershipVerificationCertificateArn");

    static final Shape DOMAIN_NAME = new Shape()
            .string("domainName")
            .objects("domainNameConfigurations", DOMAIN_NAME_CONFIGURATION)
            .object(
                    "mutualTlsAuthentication",
                    new Shape().string("truststoreUri").string("truststoreVersion"))
            .enumeration("routingMode", "API_MAPPING_ONLY", "ROUTING_RULE_ONLY", "ROUTING_RULE_THEN_API_MAPPING")
            .stringMap("tags");

    static final Shape API_MAPPING = new Shape().string("apiId").string("stage").string("apiMappingKey");

    static final Shape TAGS = new Shape().stringMap("tags");
}
