// process.env._X_AMZN_TRACE_ID, set per invocation as Lambda's runtime sets it, without growing
// the process's memory. Each assignment to process.env calls the C library's setenv, and glibc's
// setenv keeps every value it was ever given (never freed), so a new trace id per invocation grew
// a Node.js process by about 180 bytes an invocation: 180 MB a million invocations. Here
// process.env becomes a proxy of itself that holds this one variable in JavaScript: handlers read
// it, list it, spread it, delete it, and child processes started with the default env receive it,
// as before. What differs: native code calling getenv() and a worker thread started with the
// default env do not see it, util.inspect(process.env) shows the real environment, and
// structuredClone(process.env) (or posting it to a worker) throws, as for any proxy; pass
// {...process.env} instead.
const KEY = '_X_AMZN_TRACE_ID';

export function installTraceEnv() {
  const real = process.env;
  let trace = real[KEY];
  const env = new Proxy(real, {
    get: (target, key) => (key === KEY ? trace : Reflect.get(target, key)),
    set: (target, key, value) => {
      if (key !== KEY) return Reflect.set(target, key, value);
      trace = String(value); // as process.env stores every value
      return true;
    },
    has: (target, key) => (key === KEY ? trace !== undefined : Reflect.has(target, key)),
    deleteProperty: (target, key) => {
      if (key !== KEY) return Reflect.deleteProperty(target, key);
      trace = undefined;
      return true;
    },
    ownKeys: (target) => {
      const keys = Reflect.ownKeys(target).filter((key) => key !== KEY);
      if (trace !== undefined) keys.push(KEY);
      return keys;
    },
    defineProperty: (target, key, descriptor) => {
      if (key !== KEY) return Reflect.defineProperty(target, key, descriptor);
      trace = String(descriptor.value);
      return true;
    },
    getOwnPropertyDescriptor: (target, key) => {
      if (key !== KEY) return Reflect.getOwnPropertyDescriptor(target, key);
      return trace === undefined ? undefined : { value: trace, writable: true, enumerable: true, configurable: true };
    },
  });
  try {
    process.env = env;
  } catch {
    // a Node.js whose process.env cannot be replaced: the variable is set the costly way
  }
}
