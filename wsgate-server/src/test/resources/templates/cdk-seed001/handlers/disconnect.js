const { DynamoDBClient, DeleteItemCommand } = require('@aws-sdk/client-dynamodb');
const db = new DynamoDBClient({});

exports.handler = async (event) => {
  await db.send(new DeleteItemCommand({
    TableName: process.env.TABLE_NAME,
    Key: { connectionId: { S: event.requestContext.connectionId } },
  }));
  console.log(`disconnected ${event.requestContext.connectionId}`);
  return { statusCode: 200 };
};
