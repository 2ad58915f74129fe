"""Creates the connection table as the CDK stack declares it (key ConnectionId, a string) in the
DynamoDB that AWS_ENDPOINT_URL_DYNAMODB names: python3 create_table.py TABLE_NAME."""
import sys

import boto3
import botocore


def main(name):
    # boto3 1.28.57 (botocore 1.31.57) is the first to read AWS_ENDPOINT_URL_DYNAMODB; an older one
    # would send the handlers' calls to AWS instead of the local table.
    if tuple(int(p) for p in botocore.__version__.split(".")[:3]) < (1, 31, 57):
        sys.exit(f"boto3 {boto3.__version__} ignores AWS_ENDPOINT_URL_DYNAMODB, so the handlers would not"
                 " find the local table: pip install --upgrade boto3 (1.28.57 or newer)")
    dynamodb = boto3.client("dynamodb")
    dynamodb.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "ConnectionId", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "ConnectionId", "AttributeType": "S"}],
        ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 5},
    )
    dynamodb.get_waiter("table_exists").wait(TableName=name)
    print(f"table {name} created", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1])
