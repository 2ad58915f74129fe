// Callback-style handlers, answered after a timer as older Lambda code does.
exports.handler = (event, context, callback) => {
  setTimeout(() => {
    if (event.fail) {
      callback(new Error('callback failed'));
    } else {
      callback(null, { echoed: event, awsRequestId: context.awsRequestId });
    }
  }, 10);
};

// The answer waits until the event loop is empty: the timer set after the callback runs first.
exports.waits = (event, context, callback) => {
  callback(null, { waited: true });
  setTimeout(() => console.log('timer after callback ran'), 20);
};

exports.string = (event, context, callback) => callback('plain string error');

exports.legacy = (event, context) => context.succeed({ legacy: true });
