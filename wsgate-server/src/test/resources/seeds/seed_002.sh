#!/usr/bin/env bash
# Seed 002's flow with the AWS CLI, with only --endpoint-url added: a WebSocket API, three Lambda
# proxy integrations, the $connect, $disconnect and $default routes, a deployment, then a stage
# on it. Prints the API's id and its apiEndpoint, one per line.
#
# Usage: seed_002.sh CONTROL_PLANE_URL
set -euo pipefail
v2() { aws apigatewayv2 --endpoint-url "$1" "${@:2}"; }
endpoint=$1

api_id=$(v2 "$endpoint" create-api --name ExampleWebSocketAPI --protocol-type WEBSOCKET \
  --route-selection-expression '$request.body.action' --query ApiId --output text)

for route in connect disconnect default; do
  integration_id=$(v2 "$endpoint" create-integration --api-id "$api_id" --integration-type AWS_PROXY \
    --integration-uri "arn:aws:lambda:region:account-id:function:${route}_lambda" \
    --integration-method POST --payload-format-version 2.0 --query IntegrationId --output text)
  v2 "$endpoint" create-route --api-id "$api_id" --route-key "\$$route" \
    --target "integrations/$integration_id" >/dev/null
done

deployment_id=$(v2 "$endpoint" create-deployment --api-id "$api_id" --description 'Initial deployment' \
  --query DeploymentId --output text)
v2 "$endpoint" create-stage --api-id "$api_id" --stage-name dev --deployment-id "$deployment_id" >/dev/null

echo "$api_id"
v2 "$endpoint" get-api --api-id "$api_id" --query ApiEndpoint --output text
