const { DynamoDBClient, PutItemCommand, DeleteItemCommand, ScanCommand } = require('@aws-sdk/client-dynamodb');
const { ApiGatewayManagementApiClient, PostToConnectionCommand } = require('@aws-sdk/client-apigatewaymanagementapi');

const db = new DynamoDBClient({});
const TableName = process.env.CONNECTIONS_TABLE;

// Lets in a connect whose ?token= is the one this app expects.
exports.auth = async (event) => ({
  principalId: 'chat-user',
  policyDocument: {
    Version: '2012-10-17',
    Statement: [{
      Action: 'execute-api:Invoke',
      Effect: event.queryStringParameters?.token === 'letmein' ? 'Allow' : 'Deny',
      Resource: event.methodArn,
    }],
  },
});

exports.connectionHandler = async (event) => {
  const { connectionId, eventType } = event.requestContext;
  const Key = { connectionId: { S: connectionId } };
  if (eventType === 'CONNECT') {
    await db.send(new PutItemCommand({ TableName, Item: Key }));
    console.log(`connected ${connectionId}`);
  } else {
    await db.send(new DeleteItemCommand({ TableName, Key }));
    console.log(`disconnected ${connectionId}`);
  }
  return { statusCode: 200 };
};

exports.defaultHandler = async () => ({ statusCode: 200, body: 'send {"action":"sendMessage","data":"..."}' });

exports.sendMessageHandler = async (event) => {
  const { domainName, stage } = event.requestContext;
  const api = new ApiGatewayManagementApiClient({ endpoint: `https://${domainName}/${stage}` });
  const { data } = JSON.parse(event.body);
  const { Items } = await db.send(new ScanCommand({ TableName }));
  let sent = 0;
  for (const { connectionId } of Items) {
    try {
      await api.send(new PostToConnectionCommand({ ConnectionId: connectionId.S, Data: data }));
      sent++;
    } catch (e) {
      if (e.name !== 'GoneException') throw e;
      await db.send(new DeleteItemCommand({ TableName, Key: { connectionId } }));
    }
  }
  console.log(`sent to ${sent} connections`);
  return { statusCode: 200, body: `sent to ${sent}` };
};
