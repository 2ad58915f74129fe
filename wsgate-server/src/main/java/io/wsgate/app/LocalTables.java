package io.wsgate.app;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;

/**
 * A template's {@code AWS::DynamoDB::Table} made in a local DynamoDB (dynalite, DynamoDB Local)
 * through the AWS SDK: its key schema and attribute definitions, provisioned throughput if it
 * names one, else on demand. Any credentials satisfy a local DynamoDB.
 */
final class LocalTables {
    private LocalTables() {}

    /**
     * Makes table {@code name} at {@code endpoint} from the resource's {@code properties}.
     *
     * @return true when made, false when a table of that name was there already
     * @throws RuntimeException what the SDK throws when the table cannot be made
     */
    static boolean create(URI endpoint, String region, String name, JsonNode properties) {
        try (var client = DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("wsgate", "wsgate")))
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
            var request = CreateTableRequest.builder().tableName(name);
            var keys = new ArrayList<KeySchemaElement>();
            properties
                    .path("KeySchema")
                    .forEach(k -> keys.add(KeySchemaElement.builder()
                            .attributeName(k.path("AttributeName").asText())
                            .keyType(k.path("KeyType").asText())
                            .build()));
            var attributeDefinitions = new ArrayList<AttributeDefinition>();
            properties
                    .path("AttributeDefinitions")
                    .forEach(a -> attributeDefinitions.add(AttributeDefinition.builder()
                            .attributeName(a.path("AttributeName").asText())
                            .attributeType(a.path("AttributeType").asText())
                            .build()));
            request.keySchema(keys).attributeDefinitions(attributeDefinitions);
            JsonNode throughput = properties.path("ProvisionedThroughput");
            if (throughput.isObject()) {
                request.provisionedThroughput(p -> p.readCapacityUnits(
                                throughput.path("ReadCapacityUnits").asLong(1))
                        .writeCapacityUnits(
                                throughput.path("WriteCapacityUnits").asLong(1)));
            } else {
                request.billingMode(BillingMode.PAY_PER_REQUEST);
            }
            client.createTable(request.build());
            return true;
        } catch (ResourceInUseException e) {
            return false;
        }
    }
}
