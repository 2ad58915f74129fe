const { DynamoDBClient, ScanCommand, DeleteItemCommand } = require('@aws-sdk/client-dynamodb');
const { ApiGatewayManagementApiClient, PostToConnectionCommand } = require('@aws-sdk/client-apigatewaymanagementapi');
const db = new DynamoDBClient({});

exports.handler = async (event) => {
  const management = new ApiGatewayManagementApiClient({ endpoint: process.env.ENDPOINT_URL });
  const data = JSON.parse(event.body).data;
  const { Items } = await db.send(new ScanCommand({ TableName: process.env.TABLE_NAME }));
  let sent = 0;
  await Promise.all(Items.map(async ({ connectionId }) => {
    try {
      await management.send(new PostToConnectionCommand({ ConnectionId: connectionId.S, Data: data }));
      sent++;
    } catch (e) {
      if (e.name !== 'GoneException') throw e;
      await db.send(new DeleteItemCommand({ TableName: process.env.TABLE_NAME, Key: { connectionId } }));
    }
  }));
  console.log(`sent to ${sent} connections`);
  return { statusCode: 200, body: 'sent' };
};
