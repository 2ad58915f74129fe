import os

import boto3

table = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])


def handler(event, context):
    connection_id = event["requestContext"]["connectionId"]
    table.put_item(Item={"ConnectionId": connection_id})
    print(f"connected {connection_id}")
    return {"statusCode": 200, "body": "Connected."}
