exports.throws = async () => {
  throw new RangeError('too far');
};

exports.circular = async () => {
  const answer = { name: 'loop' };
  answer.self = answer;
  return answer;
};

exports.bigint = async () => ({ big: 10n });

exports.escapes = async () => {
  setTimeout(() => {
    throw new Error('thrown from a timer');
  }, 5);
  return new Promise(() => {});
};

// Leaves a rejected promise nobody handles, then answers.
exports.strayRejection = async () => {
  Promise.reject(new Error('left unhandled'));
  return 'answered';
};
