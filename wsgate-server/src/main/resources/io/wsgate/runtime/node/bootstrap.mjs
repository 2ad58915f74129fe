// wsgate's Node.js bootstrap: loads the function named by _HANDLER and serves its invocations
// through the Lambda Runtime API at AWS_LAMBDA_RUNTIME_API, one at a time, as Lambda's runtime
// does. Standard library only, so there is nothing to install or build.
//
//   init:   load handler --ok--> loop
//                        --fails--> POST /runtime/init/error, exit 1
//   loop:   GET next --> call handler --> POST /invocation/{id}/response | /error, with GET next
//           GET next refused (the host is gone) --> exit 0
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { RuntimeApi, EndpointGone } from './runtime-api.mjs';
import { loadHandler } from './load-handler.mjs';
import { invoke } from './invoke.mjs';
import { errorBody, logError } from './errors.mjs';
import { installTraceEnv } from './trace-env.mjs';

installTraceEnv();
const api = new RuntimeApi(process.env.AWS_LAMBDA_RUNTIME_API ?? '127.0.0.1:9001');
let initialized = false; // the handler is loaded: an escaped error is no init error any more
let current; // the invocation in progress, not yet answered, for errors that escape the handler
let crashing = false; // an escaped error is being reported: nothing more is answered or polled

// Whether anything was written to stdout or stderr since the last end mark: through
// process.stdout and process.stderr (console.* included), or fs.write/fs.writeSync on fd 1 or 2
// (loggers such as pino write there directly).
let printed = false;
const writeMark = fs.writeSync; // the marks' own writes, which are not printing
for (const stream of [process.stdout, process.stderr]) {
  const write = stream.write;
  stream.write = function (...args) {
    printed = true;
    return write.apply(this, args);
  };
}
for (const name of ['write', 'writeSync', 'writev', 'writevSync']) {
  const write = fs[name];
  if (typeof write !== 'function') continue;
  fs[name] = function (fd, ...args) {
    if (fd === 1 || fd === 2) printed = true;
    return write.call(this, fd, ...args);
  };
}
syncBuiltinESMExports(); // so that `import { writeSync } from 'node:fs'` gets the wrappers too

process.on('uncaughtException', (e) => crash(e));
process.on('unhandledRejection', (reason) => {
  const message = reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason);
  crash({ name: 'Runtime.UnhandledPromiseRejection', message, stack: reason?.stack });
});

const handler = await init();
let answer; // the last invocation's, sent with the next poll
for (;;) {
  let invocation;
  try {
    invocation = await api.next(answer);
  } catch (e) {
    // Refused: the host is gone (stopped, or killed with SIGKILL), so this process ends too.
    if (e instanceof EndpointGone) process.exit(0);
    process.stderr.write(`wsgate bootstrap: the Runtime API failed: ${e.message}\n`);
    process.exit(1);
  }
  current = invocation;
  answer = await serve(invocation);
  // An error escaped while the handler ran: crash() reports it and ends the process, which must
  // not take another invocation meanwhile.
  if (crashing) await new Promise(() => {});
  current = undefined;
  // The answer goes at once, with the next poll. A promise the handler rejected and left
  // unhandled is reported by Node.js only after that write, so it ends the process between
  // invocations (crash() below) rather than failing this one, as Lambda's runtime, which posts
  // later, would. Waiting one turn of the event loop first would fail this one instead, at a
  // quarter of the rate with one message in flight (measured: 1,450-1,540 against 1,885 msgs/s).
}

async function init() {
  try {
    const loaded = await loadHandler(process.env.LAMBDA_TASK_ROOT ?? process.cwd(), process.env._HANDLER ?? '');
    initialized = true;
    return loaded;
  } catch (e) {
    const body = errorBody(e);
    logError('undefined', 'Uncaught Exception', e);
    await api.initError(body).catch(() => {});
    process.exit(1);
  }
}

/** Calls the handler with `invocation`'s event; its answer, for the Runtime API. */
async function serve(invocation) {
  process.env._X_AMZN_TRACE_ID = invocation.traceId ?? '';
  let event;
  try {
    event = JSON.parse(invocation.body);
  } catch (e) {
    return failed(invocation.id, { name: 'Runtime.UnmarshalError', message: `Unable to parse event: ${e.message}` });
  }
  const outcome = await invoke(handler, event, context(invocation));
  if ('error' in outcome) return failed(invocation.id, outcome.error);
  let json;
  try {
    json = JSON.stringify(outcome.value === undefined ? null : outcome.value);
  } catch (e) {
    // Circular structures and BigInt values: Lambda fails the invocation rather than guess.
    return failed(invocation.id, { name: e.name, message: `Unable to stringify response body as json: ${e.message}`, stack: e.stack });
  }
  // A function (or a Symbol) alone stringifies to undefined; Lambda answers null for it.
  return api.response(invocation.id, json ?? 'null', markEnd(invocation.id));
}

function failed(id, error) {
  logError(id, 'Invoke Error', error);
  return api.invocationError(id, errorBody(error), markEnd(id));
}

// Tells the host, through both output streams, that everything the invocation printed is
// written: the host reads this line (not shown) before it writes the invocation's END. Node's
// stdout and stderr are synchronous on pipes, so what the handler printed is written before.
// If nothing was printed, no mark is written and the answer says so, with the header this
// returns: the host writes END at once. (Output past process.stdout, process.stderr and fs, such
// as native code's or a child process's inherited stdout, carries no mark and may then follow its
// invocation's END.)
function markEnd(id) {
  if (!printed) return 'Wsgate-End-Mark: none\r\n';
  printed = false;
  for (const fd of [1, 2]) {
    try {
      writeMark(fd, `\x1ewsgate-end ${id}\n`);
    } catch {
      // the stream is gone; the host does without
    }
  }
  return '';
}

// The context object of Lambda's Node.js runtime; a plain object so a handler may return it.
function context(invocation) {
  const env = process.env;
  const ctx = {
    callbackWaitsForEmptyEventLoop: true,
    functionName: env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: env.AWS_LAMBDA_FUNCTION_VERSION,
    invokedFunctionArn: invocation.functionArn,
    memoryLimitInMB: env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    awsRequestId: invocation.id,
    logGroupName: env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: env.AWS_LAMBDA_LOG_STREAM_NAME,
  };
  if (invocation.clientContext) ctx.clientContext = parseOrUndefined(invocation.clientContext);
  if (invocation.identity) ctx.identity = parseOrUndefined(invocation.identity);
  ctx.getRemainingTimeInMillis = () => Math.max(0, invocation.deadlineMs - Date.now());
  return ctx;
}

function parseOrUndefined(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

// An error that escaped the handler (a throw in a timer, a rejected promise nobody awaited):
// Lambda fails the invocation in progress, or the init, and the runtime process ends. Between
// invocations (the last one answered, the next poll in flight on the connection, where a POST
// would wait behind it) it is logged and the process ends: the host holds no invocation of it.
async function crash(error) {
  if (crashing) return;
  crashing = true;
  try {
    if (current) {
      await api.post(failed(current.id, error));
    } else {
      logError('undefined', 'Uncaught Exception', error);
      if (!initialized) await api.initError(errorBody(error));
    }
  } catch {
    // the host is gone; nothing left to tell
  }
  process.exit(1);
}
