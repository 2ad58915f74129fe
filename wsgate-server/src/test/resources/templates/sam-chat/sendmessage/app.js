const { DynamoDBClient, ScanCommand, DeleteItemCommand } = require('@aws-sdk/client-dynamodb');
const { ApiGatewayManagementApiClient, PostToConnectionCommand } = require('@aws-sdk/client-apigatewaymanagementapi');

const db = new DynamoDBClient({});
const TableName = process.env.TABLE_NAME;

exports.handler = async (event) => {
  let connections;
  try {
    connections = (await db.send(new ScanCommand({ TableName, ProjectionExpression: 'connectionId' }))).Items;
  } catch (e) {
    return { statusCode: 500, body: e.stack };
  }
  const api = new ApiGatewayManagementApiClient({
    apiVersion: '2018-11-29',
    endpoint: 'https://' + event.requestContext.domainName + '/' + event.requestContext.stage,
  });
  const postData = JSON.parse(event.body).data;
  let sent = 0;
  await Promise.all(connections.map(async ({ connectionId }) => {
    try {
      await api.send(new PostToConnectionCommand({ ConnectionId: connectionId.S, Data: postData }));
      sent++;
    } catch (e) {
      if (e.$metadata?.httpStatusCode !== 410) throw e;
      console.log(`Found stale connection, deleting ${connectionId.S}`);
      await db.send(new DeleteItemCommand({ TableName, Key: { connectionId } }));
    }
  }));
  console.log(`sent to ${sent} connections`);
  return { statusCode: 200, body: 'Data sent.' };
};
