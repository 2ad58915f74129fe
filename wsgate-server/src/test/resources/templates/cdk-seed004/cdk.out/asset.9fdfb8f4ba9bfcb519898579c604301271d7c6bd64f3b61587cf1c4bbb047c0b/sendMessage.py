import json
import os

import boto3

table = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])
api = boto3.client("apigatewaymanagementapi", endpoint_url=os.environ["ENDPOINT_URL"])


def connection_ids():
    scan = {"ProjectionExpression": "ConnectionId"}
    while True:
        page = table.scan(**scan)
        for item in page["Items"]:
            yield item["ConnectionId"]
        if "LastEvaluatedKey" not in page:
            return
        scan["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def handler(event, context):
    message = json.loads(event["body"])["message"]
    sent = 0
    for connection_id in connection_ids():
        try:
            api.post_to_connection(ConnectionId=connection_id, Data=message.encode("utf-8"))
            sent += 1
        except api.exceptions.GoneException:
            print(f"connection {connection_id} is gone: deleting it")
            table.delete_item(Key={"ConnectionId": connection_id})
    print(f"sent to {sent} connections")
    return {"statusCode": 200, "body": "Message sent."}
