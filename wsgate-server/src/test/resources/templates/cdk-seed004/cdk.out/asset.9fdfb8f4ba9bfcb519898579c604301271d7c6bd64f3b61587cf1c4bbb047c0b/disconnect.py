import os

import boto3

table = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])


def handler(event, context):
    connection_id = event["requestContext"]["connectionId"]
    table.delete_item(Key={"ConnectionId": connection_id})
    print(f"disconnected {connection_id}")
    return {"statusCode": 200, "body": "Disconnected."}
