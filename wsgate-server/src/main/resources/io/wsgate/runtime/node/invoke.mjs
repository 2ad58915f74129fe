// Calls the handler once and settles with {value} or {error}, whichever way it answers: a
// returned promise (async handlers), callback(err, value) or the legacy context.done/succeed/fail.
// The first answer wins; later ones are ignored, as Lambda ignores them.
//
// Callback style follows context.callbackWaitsForEmptyEventLoop (true by default): the answer
// is sent once the event loop has nothing left to do, as Lambda sends it. A handler that returns
// no promise and never calls back answers null once the loop is empty. Node emits 'beforeExit'
// exactly then; the bootstrap's idle keep-alive socket is unref'd, so it does not count.
export function invoke(handler, event, context) {
  return new Promise((resolve) => {
    let settled = false;
    let waiting = { value: null };
    const onEmptyLoop = () => settle(waiting);
    const settle = (outcome) => {
      if (settled) return;
      settled = true;
      process.off('beforeExit', onEmptyLoop);
      resolve(outcome);
    };
    const callback = (err, value) => {
      const outcome = err === undefined || err === null ? { value } : { error: err };
      if (context.callbackWaitsForEmptyEventLoop) waiting = outcome;
      else settle(outcome);
    };
    context.done = callback;
    context.succeed = (value) => callback(null, value);
    context.fail = (err) => callback(err ?? 'handled');

    process.on('beforeExit', onEmptyLoop);
    let result;
    try {
      result = handler(event, context, callback);
    } catch (e) {
      settle({ error: e });
      return;
    }
    if (result !== null && typeof result === 'object' && typeof result.then === 'function') {
      result.then(
        (value) => settle({ value }),
        (error) => settle({ error }),
      );
    }
  });
}
