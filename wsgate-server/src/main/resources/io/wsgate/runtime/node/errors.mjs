// Errors as Lambda's Node.js runtime reports them: the Runtime API body and the log line.

/** {errorType, errorMessage, stackTrace}: an Error's name, message and stack lines; anything else thrown by its type. */
export function errorBody(error) {
  if (isErrorLike(error)) {
    return {
      errorType: String(error.name ?? 'Error'),
      errorMessage: String(error.message ?? ''),
      stackTrace: typeof error.stack === 'string' ? error.stack.split('\n') : [],
    };
  }
  // throw "boom" or callback("boom"): Lambda names the type of the value.
  return { errorType: typeof error, errorMessage: describe(error), stackTrace: [] };
}

/** One line on stderr, as Lambda's runtime writes it: time, request id, level, what, the error as JSON. */
export function logError(requestId, what, error) {
  const { errorType, errorMessage, stackTrace } = errorBody(error);
  const json = JSON.stringify({ errorType, errorMessage, stack: stackTrace });
  process.stderr.write(`${new Date().toISOString()}\t${requestId}\tERROR\t${what} \t${json}\n`);
}

function isErrorLike(value) {
  return value instanceof Error || (typeof value === 'object' && value !== null && 'message' in value);
}

function describe(value) {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
