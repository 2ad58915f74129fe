import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';

const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));

export const handler = async (event) => {
  const connectionId = event.requestContext.connectionId;
  await db.send(new PutCommand({ TableName: process.env.TABLE_NAME, Item: { ConnectionId: connectionId } }));
  console.log(`connected ${connectionId}`);
  return { statusCode: 200, body: 'Connected.' };
};
