import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));

export const handler = async (event) => {
  const connectionId = event.requestContext.connectionId;
  await db.send(new DeleteCommand({ TableName: process.env.TABLE_NAME, Key: { ConnectionId: connectionId } }));
  console.log(`disconnected ${connectionId}`);
  return { statusCode: 200, body: 'Disconnected.' };
};
