// A test stand-in for wsgate's Node.js bootstrap: the Runtime API loop and nothing more, so that
// the host's tests run real node processes. The shipped bootstrap lives in src/main/resources and,
// when present, is found first on the class path.
import http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [host, port] = process.env.AWS_LAMBDA_RUNTIME_API.split(':');
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function call(method, p, body) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host, port, method, path: '/2018-06-01/runtime/' + p, agent }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

const errorBody = (e) => ({ errorMessage: String(e && e.message), errorType: (e && e.name) || 'Error', stackTrace: [] });

let handler;
try {
  const spec = process.env._HANDLER;
  const dot = spec.lastIndexOf('.');
  const file = path.resolve(process.cwd(), spec.slice(0, dot));
  const name = spec.slice(dot + 1);
  let mod;
  for (const ext of ['.js', '.mjs', '.cjs']) {
    try { mod = await import(pathToFileURL(file + ext).href); break; } catch (e) { if (e.code !== 'ERR_MODULE_NOT_FOUND') throw e; }
  }
  if (!mod) throw new Error('Cannot find module ' + file);
  handler = mod[name] || (mod.default && mod.default[name]);
  if (typeof handler !== 'function') throw new Error(spec + ' is undefined or not exported');
} catch (e) {
  await call('POST', 'init/error', errorBody(e));
  process.exit(1);
}

for (;;) {
  const next = await call('GET', 'invocation/next');
  const id = next.headers['lambda-runtime-aws-request-id'];
  try {
    const result = await handler(JSON.parse(next.body), { awsRequestId: id });
    await call('POST', 'invocation/' + id + '/response', result === undefined ? null : result);
  } catch (e) {
    await call('POST', 'invocation/' + id + '/error', errorBody(e));
  }
}
