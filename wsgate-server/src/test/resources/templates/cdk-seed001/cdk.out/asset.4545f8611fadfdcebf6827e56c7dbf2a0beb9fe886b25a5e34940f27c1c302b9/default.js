exports.handler = async () => ({ statusCode: 200, body: 'unknown action; send {"action":"sendMessage","data":...}' });
