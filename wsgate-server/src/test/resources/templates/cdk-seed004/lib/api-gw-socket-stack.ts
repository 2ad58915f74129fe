import * as path from 'path';
import {
  aws_apigatewayv2,
  aws_dynamodb,
  aws_iam,
  aws_lambda,
  CfnOutput,
  Duration,
  RemovalPolicy,
  Stack,
  StackProps,
} from 'aws-cdk-lib';
import { Effect } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

// Seed 004's shape: the L1 constructs (CfnApi, CfnIntegration, CfnRoute, CfnDeployment, CfnStage),
// an IAM role for API Gateway to invoke the functions, a ConnectionIdTable, and Python handlers
// from an asset folder: the chat-python example's, which are written for this stack.
export class ApiGwSocketStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    const lambdas = path.join(__dirname, '..', '..', '..', '..', '..', '..', '..', 'examples', 'chat-python', 'lambdas');

    const api = new aws_apigatewayv2.CfnApi(this, 'ApiGwSocket', {
      name: 'HelloApiGwSocket',
      protocolType: 'WEBSOCKET',
      routeSelectionExpression: '$request.body.action',
    });

    const table = new aws_dynamodb.Table(this, 'ConnectionIdTable', {
      tableName: 'ConnectionIdTable',
      partitionKey: { name: 'ConnectionId', type: aws_dynamodb.AttributeType.STRING },
      readCapacity: 5,
      writeCapacity: 5,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    const func = (id: string, handler: string, environment: Record<string, string>) =>
      new aws_lambda.Function(this, id, {
        functionName: id,
        code: aws_lambda.Code.fromAsset(lambdas),
        handler,
        runtime: aws_lambda.Runtime.PYTHON_3_8,
        timeout: Duration.seconds(300),
        memorySize: 256,
        environment,
      });

    const connectFunc = func('ConnectFunc', 'connect.handler', { TABLE_NAME: table.tableName });
    const disconnectFunc = func('DisconnectFunc', 'disconnect.handler', { TABLE_NAME: table.tableName });
    const messageFunc = func('MessageFunc', 'sendMessage.handler', {
      TABLE_NAME: table.tableName,
      ENDPOINT_URL: `https://${api.ref}.execute-api.${this.region}.amazonaws.com/dev`,
    });
    messageFunc.addToRolePolicy(
      new aws_iam.PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['execute-api:ManageConnections'],
        resources: ['*'],
      }),
    );
    for (const f of [connectFunc, disconnectFunc, messageFunc]) {
      table.grantReadWriteData(f);
    }

    const role = new aws_iam.Role(this, 'RoleForApiGwInvokeLambda', {
      roleName: 'InvokeLambdaRoleForApiGw',
      assumedBy: new aws_iam.ServicePrincipal('apigateway.amazonaws.com'),
    });
    role.addToPolicy(
      new aws_iam.PolicyStatement({
        effect: Effect.ALLOW,
        resources: [connectFunc.functionArn, disconnectFunc.functionArn, messageFunc.functionArn],
        actions: ['lambda:InvokeFunction'],
      }),
    );

    const integration = (id: string, fn: aws_lambda.Function) =>
      new aws_apigatewayv2.CfnIntegration(this, id, {
        apiId: api.ref,
        integrationType: 'AWS_PROXY',
        integrationUri: `arn:aws:apigateway:${this.region}:lambda:path/2015-03-31/functions/${fn.functionArn}/invocations`,
        credentialsArn: role.roleArn,
      });
    const connectIntegration = integration('ConnectLambdaIntegration', connectFunc);
    const disconnectIntegration = integration('DisconnectLambdaIntegration', disconnectFunc);
    const messageIntegration = integration('MessageLambdaIntegration', messageFunc);

    const route = (id: string, routeKey: string, target: aws_apigatewayv2.CfnIntegration) =>
      new aws_apigatewayv2.CfnRoute(this, id, {
        apiId: api.ref,
        routeKey,
        authorizationType: 'NONE',
        target: 'integrations/' + target.ref,
      });
    const connectRoute = route('ConnectRoute', '$connect', connectIntegration);
    const disconnectRoute = route('DisconnectRoute', '$disconnect', disconnectIntegration);
    const messageRoute = route('MessageRoute', 'sendmessage', messageIntegration);

    const deployment = new aws_apigatewayv2.CfnDeployment(this, 'deployment', { apiId: api.ref });
    new aws_apigatewayv2.CfnStage(this, 'DevStage', {
      stageName: 'dev',
      deploymentId: deployment.ref,
      apiId: api.ref,
      autoDeploy: true,
    });
    deployment.node.addDependency(connectRoute);
    deployment.node.addDependency(disconnectRoute);
    deployment.node.addDependency(messageRoute);

    new CfnOutput(this, 'endpointUrl', { exportName: 'apiId', value: api.ref });
  }
}
