const { DynamoDBClient, PutItemCommand } = require('@aws-sdk/client-dynamodb');

const db = new DynamoDBClient({});

exports.handler = async (event) => {
  const { connectionId } = event.requestContext;
  try {
    await db.send(new PutItemCommand({ TableName: process.env.TABLE_NAME, Item: { connectionId: { S: connectionId } } }));
  } catch (err) {
    return { statusCode: 500, body: 'Failed to connect: ' + JSON.stringify(err) };
  }
  console.log(`connected ${connectionId}`);
  return { statusCode: 200, body: 'Connected.' };
};
