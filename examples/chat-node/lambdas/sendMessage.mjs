import {
  ApiGatewayManagementApiClient,
  GoneException,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, paginateScan } from '@aws-sdk/lib-dynamodb';

const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const table = process.env.TABLE_NAME;

export const handler = async (event) => {
  const { domainName, stage } = event.requestContext;
  const api = new ApiGatewayManagementApiClient({ endpoint: `https://${domainName}/${stage}` });
  const { message } = JSON.parse(event.body);
  let sent = 0;
  for await (const page of paginateScan({ client: db }, { TableName: table, ProjectionExpression: 'ConnectionId' })) {
    for (const { ConnectionId } of page.Items) {
      try {
        await api.send(new PostToConnectionCommand({ ConnectionId, Data: message }));
        sent++;
      } catch (e) {
        if (!(e instanceof GoneException)) throw e;
        console.log(`connection ${ConnectionId} is gone: deleting it`);
        await db.send(new DeleteCommand({ TableName: table, Key: { ConnectionId } }));
      }
    }
  }
  console.log(`sent to ${sent} connections`);
  return { statusCode: 200, body: 'Message sent.' };
};
