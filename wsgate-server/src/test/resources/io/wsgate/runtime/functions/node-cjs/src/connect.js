// A CommonJS async handler as AWS users write one: module state survives between warm calls.
let calls = 0;

exports.handler = async (event, context) => {
  calls += 1;
  console.log(`connect called ${calls} time(s)`);
  return {
    event,
    calls,
    awsRequestId: context.awsRequestId,
    remaining: context.getRemainingTimeInMillis(),
    functionName: context.functionName,
    functionVersion: context.functionVersion,
    invokedFunctionArn: context.invokedFunctionArn,
    memoryLimitInMB: context.memoryLimitInMB,
    logGroupName: context.logGroupName,
    logStreamName: context.logStreamName,
    waits: context.callbackWaitsForEmptyEventLoop,
    traceId: process.env._X_AMZN_TRACE_ID,
  };
};

exports.value = 42;
exports.nothing = async () => undefined;
