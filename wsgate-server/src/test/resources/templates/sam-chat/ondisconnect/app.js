const { DynamoDBClient, DeleteItemCommand } = require('@aws-sdk/client-dynamodb');

const db = new DynamoDBClient({});

exports.handler = async (event) => {
  const { connectionId } = event.requestContext;
  try {
    await db.send(new DeleteItemCommand({ TableName: process.env.TABLE_NAME, Key: { connectionId: { S: connectionId } } }));
  } catch (err) {
    return { statusCode: 500, body: 'Failed to disconnect: ' + JSON.stringify(err) };
  }
  console.log(`disconnected ${connectionId}`);
  return { statusCode: 200, body: 'Disconnected.' };
};
