// The echo of S6, as a Lambda proxy function: the message's body back to the client, through the
// route response. wsgate's local functions and serverless-offline run this same file.
exports.echo = async (event) => ({ statusCode: 200, body: event.body });
