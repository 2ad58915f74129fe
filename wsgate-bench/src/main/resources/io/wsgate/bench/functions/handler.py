# The echo of S6, as a Lambda proxy function: the message's body back to the client, through the
# route response, as handler.js does for Node.js.
def echo(event, context):
    return {"statusCode": 200, "body": event.get("body")}
