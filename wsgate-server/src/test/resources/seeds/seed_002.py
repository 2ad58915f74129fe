"""Seed 002's boto3 flow, as users write it, with only the endpoint added.

Creates a WebSocket API, three Lambda proxy integrations, the $connect, $disconnect and $default
routes and a deployment, then (the step the seed leaves to the reader) a stage on that
deployment. Prints the API's id and its apiEndpoint as JSON.

Usage: python3 seed_002.py CONTROL_PLANE_URL
"""
import json
import sys

import boto3

apigatewayv2 = boto3.client('apigatewayv2', endpoint_url=sys.argv[1])

# Create WebSocket API
response = apigatewayv2.create_api(
    Name='ExampleWebSocketAPI',
    ProtocolType='WEBSOCKET',
    RouteSelectionExpression='$request.body.action'
)
api_id = response['ApiId']

# Create integrations (the ARNs name functions registered with the gateway)
integrations = {}
for name in ('connect_lambda', 'disconnect_lambda', 'default_lambda'):
    integrations[name] = apigatewayv2.create_integration(
        ApiId=api_id,
        IntegrationType='AWS_PROXY',
        IntegrationUri='arn:aws:lambda:region:account-id:function:' + name,
        IntegrationMethod='POST',
        PayloadFormatVersion='2.0'
    )

# Create routes
routes = [
    {'route_key': '$connect', 'integration_id': integrations['connect_lambda']['IntegrationId']},
    {'route_key': '$disconnect', 'integration_id': integrations['disconnect_lambda']['IntegrationId']},
    {'route_key': '$default', 'integration_id': integrations['default_lambda']['IntegrationId']}
]
for route in routes:
    apigatewayv2.create_route(
        ApiId=api_id,
        RouteKey=route['route_key'],
        Target=f"integrations/{route['integration_id']}"
    )

# Deploy API, then put a stage on the deployment
deployment = apigatewayv2.create_deployment(ApiId=api_id, Description='Initial deployment')
apigatewayv2.create_stage(ApiId=api_id, StageName='dev', DeploymentId=deployment['DeploymentId'])

print(json.dumps({'apiId': api_id, 'apiEndpoint': apigatewayv2.get_api(ApiId=api_id)['ApiEndpoint']}))
