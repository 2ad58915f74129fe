// Creates the connection table as the CDK stack declares it (key ConnectionId, a string) in the
// DynamoDB that AWS_ENDPOINT_URL_DYNAMODB names: node create-table.mjs TABLE_NAME.
import { CreateTableCommand, DynamoDBClient, waitUntilTableExists } from '@aws-sdk/client-dynamodb';

const name = process.argv[2];
const client = new DynamoDBClient({});
await client.send(
  new CreateTableCommand({
    TableName: name,
    KeySchema: [{ AttributeName: 'ConnectionId', KeyType: 'HASH' }],
    AttributeDefinitions: [{ AttributeName: 'ConnectionId', AttributeType: 'S' }],
    ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
  }),
);
await waitUntilTableExists({ client, maxWaitTime: 30 }, { TableName: name });
console.error(`table ${name} created`);
