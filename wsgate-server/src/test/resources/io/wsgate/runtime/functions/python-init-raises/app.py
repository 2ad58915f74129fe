import os

TABLE_NAME = os.environ["TABLE_NAME"]


def handler(event, context):
    return TABLE_NAME
