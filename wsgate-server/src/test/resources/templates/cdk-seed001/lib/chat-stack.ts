import * as path from 'path';
import { CfnOutput, RemovalPolicy, Stack, StackProps } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { WebSocketLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

// Seed 001's shape: a WebSocketApi with $connect, $disconnect and $default routes, a sendMessage
// route that returns a response, and a dev stage that deploys itself; handlers from an asset folder.
export class ChatStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    const table = new dynamodb.Table(this, 'Connections', {
      partitionKey: { name: 'connectionId', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    const handler = (name: string, file: string) =>
      new lambda.Function(this, name, {
        runtime: lambda.Runtime.NODEJS_22_X,
        handler: `${file}.handler`,
        code: lambda.Code.fromAsset(path.join(__dirname, '..', 'handlers')),
        environment: { TABLE_NAME: table.tableName },
      });

    const connect = handler('ConnectHandler', 'connect');
    const disconnect = handler('DisconnectHandler', 'disconnect');
    const fallback = handler('DefaultHandler', 'default');
    const sendMessage = handler('SendMessageHandler', 'send');
    for (const fn of [connect, disconnect, sendMessage]) {
      table.grantReadWriteData(fn);
    }

    const api = new apigwv2.WebSocketApi(this, 'mywsapi', {
      connectRouteOptions: { integration: new WebSocketLambdaIntegration('ConnectIntegration', connect) },
      disconnectRouteOptions: { integration: new WebSocketLambdaIntegration('DisconnectIntegration', disconnect) },
      defaultRouteOptions: { integration: new WebSocketLambdaIntegration('DefaultIntegration', fallback) },
    });
    api.addRoute('sendMessage', {
      integration: new WebSocketLambdaIntegration('SendMessageIntegration', sendMessage),
      returnResponse: true,
    });
    const stage = new apigwv2.WebSocketStage(this, 'mystage', {
      webSocketApi: api,
      stageName: 'dev',
      autoDeploy: true,
    });
    api.grantManageConnections(sendMessage);
    sendMessage.addEnvironment('ENDPOINT_URL', stage.callbackUrl);

    new CfnOutput(this, 'WebSocketUrl', { value: stage.url });
    new CfnOutput(this, 'CallbackUrl', { value: stage.callbackUrl });
  }
}
