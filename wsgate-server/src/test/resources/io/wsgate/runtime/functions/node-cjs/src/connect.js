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

// What an invocation sees of its trace id: in process.env, in its keys, and in a child process.
exports.trace = async () => ({
  env: process.env._X_AMZN_TRACE_ID,
  listed: Object.keys(process.env).includes('_X_AMZN_TRACE_ID'),
  child: require('node:child_process').execSync('printenv _X_AMZN_TRACE_ID').toString().trim(),
});

// Writes to fd 1 itself, as loggers such as pino do, past process.stdout.
exports.writesFd = async () => {
  require('node:fs').writeSync(1, 'straight to fd 1\n');
  return 'written';
};

// Prints on its first call only.
let printedOnce = false;
exports.printsFirst = async () => {
  if (!printedOnce) console.log('first call');
  printedOnce = true;
  return 'answered';
};
