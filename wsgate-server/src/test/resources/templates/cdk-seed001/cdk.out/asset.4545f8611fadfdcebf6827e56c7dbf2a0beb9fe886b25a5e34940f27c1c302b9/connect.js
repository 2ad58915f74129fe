const { DynamoDBClient, PutItemCommand } = require('@aws-sdk/client-dynamodb');
const db = new DynamoDBClient({});

exports.handler = async (event) => {
  await db.send(new PutItemCommand({
    TableName: process.env.TABLE_NAME,
    Item: { connectionId: { S: event.requestContext.connectionId } },
  }));
  console.log(`connected ${event.requestContext.connectionId}`);
  return { statusCode: 200 };
};
