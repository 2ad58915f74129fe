// The Lambda Runtime API (2018-06-01) over plain HTTP/1.1: the bootstrap's only link to its host.
//
// HTTP is spoken here over one socket of node:net rather than through node:http, whose client
// machinery (agent, ClientRequest, IncomingMessage streams) cost this process about 0.4 ms of CPU
// per invocation, more than the gateway's side of it; this costs a small fraction of that. It is
// all the bootstrap needs: one keep-alive connection, an answer and the next poll written
// together, bodies framed by Content-Length or chunked (or, failing both, by the end of the
// connection).
import net from 'node:net';

const PREFIX = '/2018-06-01/runtime';

// Pauses (ms) before each new try of a failed poll: half a second in all.
const RETRIES = [0, 50, 100, 150, 200];

/** The endpoint is gone (nobody listens): the caller exits, since no work can ever come. */
export class EndpointGone extends Error {}

export class RuntimeApi {
  #connection;

  constructor(address) {
    const colon = address.lastIndexOf(':');
    this.#connection = new Connection(address.slice(0, colon), Number(address.slice(colon + 1)));
  }

  /**
   * Waits for the next invocation: {id, deadlineMs, functionArn, traceId, clientContext, identity, body}.
   * `answer` ({path, body, headers}: what `response` or `invocationError` describe), if given,
   * is sent in the same write, ahead of the poll: the host reads both at once and its 202 and
   * the next event can come back together, one wake-up of each side per invocation instead of two.
   */
  async next(answer) {
    // A failed poll (a reused socket the host had closed, a connection dropped mid-answer) is
    // tried again a few times, a little later each time: a host that is gone soon refuses
    // connections, and that ends the process; a host that is only busy answers. The answer is
    // sent once: if its connection fails, the host has it or has lost it; if lost, the host
    // still holds the invocation and hands it out again to the next poll.
    for (let attempt = 0; ; attempt++) {
      try {
        const poll = { method: 'GET', path: `${PREFIX}/invocation/next` };
        const sent = answer;
        answer = undefined;
        const answered = this.#connection.exchange(sent ? [sent, poll] : [poll]);
        if (sent) {
          answered[0].then(
            (res) => checkAccepted(sent, res),
            (e) => process.stderr.write(`wsgate bootstrap: could not post the answer to ${sent.path}: ${e.message}\n`),
          );
        }
        const res = await answered[answered.length - 1];
        if (res.status !== 200) throw new BadAnswer(`next answered ${res.status}: ${res.body}`);
        const h = res.headers;
        return {
          id: h['lambda-runtime-aws-request-id'],
          deadlineMs: Number(h['lambda-runtime-deadline-ms']),
          functionArn: h['lambda-runtime-invoked-function-arn'],
          traceId: h['lambda-runtime-trace-id'],
          clientContext: h['lambda-runtime-client-context'],
          identity: h['lambda-runtime-cognito-identity'],
          body: res.body,
        };
      } catch (e) {
        if (e instanceof EndpointGone || e instanceof BadAnswer || attempt >= RETRIES.length) throw e;
        await new Promise((resolve) => setTimeout(resolve, RETRIES[attempt]));
      }
    }
  }

  /** The answer of invocation `id` that returned `json`, for `next`. */
  response(id, json, headers = '') {
    return { method: 'POST', path: `${PREFIX}/invocation/${encodeURIComponent(id)}/response`, body: json, headers };
  }

  /** The answer of invocation `id` that failed with `error`, for `next`. */
  invocationError(id, error, headers = '') {
    return {
      method: 'POST',
      path: `${PREFIX}/invocation/${encodeURIComponent(id)}/error`,
      body: JSON.stringify(error),
      headers: `Lambda-Runtime-Function-Error-Type: Unhandled\r\n${headers}`,
    };
  }

  /** Posts `answer` on its own (a crash's: no poll follows it). */
  async post(answer) {
    const [res] = this.#connection.exchange([answer]);
    checkAccepted(answer, await res);
  }

  initError(error) {
    return this.post({
      method: 'POST',
      path: `${PREFIX}/init/error`,
      body: JSON.stringify(error),
      headers: `Lambda-Runtime-Function-Error-Type: ${headerValue(error.errorType)}\r\n`,
    });
  }
}

function checkAccepted(answer, res) {
  if (res.status !== 202) {
    process.stderr.write(`wsgate bootstrap: POST ${answer.path} answered ${res.status}: ${res.body}\n`);
  }
}

class BadAnswer extends Error {}

/** A header's value as one line of printable characters. */
function headerValue(value) {
  return String(value ?? '').replace(/[^\x20-\x7e]/g, '?');
}

/**
 * One keep-alive HTTP/1.1 connection to the host, opened when first needed and again after it
 * closes. Requests written together are answered in order (HTTP/1.1 pipelining); while none is in
 * flight the socket is unref'd. No timeout anywhere: `next` long-polls for as long as the host
 * has no work, and a timeout would drop the poll.
 */
class Connection {
  #host;
  #port;
  #socket; // undefined until connected, and again once closed
  #waiting = []; // {resolve, reject} of each request in flight, oldest first
  #received = Buffer.alloc(0);

  constructor(host, port) {
    this.#host = host;
    this.#port = port;
  }

  /** Writes `requests` ({method, path, body?, headers?}) in one write; a promise of each one's response. */
  exchange(requests) {
    const bytes = Buffer.concat(requests.map((r) => this.#bytes(r)));
    const socket = this.#connected();
    const answers = requests.map(
      () => new Promise((resolve, reject) => this.#waiting.push({ resolve, reject })),
    );
    socket.ref();
    socket.write(bytes);
    return answers;
  }

  #bytes({ method, path, body, headers = '' }) {
    const payload = body === undefined ? undefined : Buffer.from(body, 'utf8');
    let head = `${method} ${path} HTTP/1.1\r\nHost: ${this.#host}:${this.#port}\r\n${headers}`;
    if (payload) head += `Content-Type: application/json\r\nContent-Length: ${payload.length}\r\n`;
    head += '\r\n';
    return payload ? Buffer.concat([Buffer.from(head, 'latin1'), payload]) : Buffer.from(head, 'latin1');
  }

  #connected() {
    if (this.#socket) return this.#socket;
    const socket = net.connect({ host: this.#host, port: this.#port });
    socket.setNoDelay(true);
    socket.on('data', (chunk) => {
      this.#received = this.#received.length === 0 ? chunk : Buffer.concat([this.#received, chunk]);
      this.#answer(false);
    });
    socket.on('end', () => this.#answer(true)); // a body framed by the connection's end is complete
    socket.on('error', (e) => this.#fail(socket, e.code === 'ECONNREFUSED' ? new EndpointGone(e.message) : e));
    socket.on('close', () => this.#fail(socket, new Error('the connection to the Runtime API closed')));
    this.#socket = socket;
    return socket;
  }

  /** The connection is gone: every request still in flight on it fails with `error`. */
  #fail(socket, error) {
    if (this.#socket !== socket) return;
    this.#socket = undefined;
    this.#received = Buffer.alloc(0);
    const waiting = this.#waiting;
    this.#waiting = [];
    socket?.destroy();
    for (const w of waiting) w.reject(error);
  }

  /** Resolves the requests in flight whose whole responses are in; `ended`: nothing more will come. */
  #answer(ended) {
    while (this.#waiting.length > 0) {
      const res = parse(this.#received, ended);
      if (!res) return;
      this.#received = this.#received.subarray(res.length);
      const waiting = this.#waiting.shift();
      if (res.close || ended) {
        waiting.resolve(res);
        this.#fail(this.#socket, new Error('the Runtime API closed the connection before answering'));
        return;
      }
      if (this.#waiting.length === 0) {
        // Idle, it does not keep the process alive: a callback handler's answer waits for an
        // empty event loop (invoke.mjs), and this socket must not count.
        this.#socket?.unref();
      }
      waiting.resolve(res);
    }
  }
}

/**
 * The first response in `bytes`, or undefined if it is not all there yet: {status, headers (names
 * in lower case), body (text), length (bytes it took), close (the host will close)}.
 */
export function parse(bytes, ended = false) {
  const headEnd = bytes.indexOf('\r\n\r\n');
  if (headEnd < 0) return undefined;
  const lines = bytes.toString('latin1', 0, headEnd).split('\r\n');
  const status = Number(lines[0].split(' ')[1]);
  const headers = {};
  for (let i = 1; i < lines.length; i++) {
    const colon = lines[i].indexOf(':');
    if (colon > 0) headers[lines[i].slice(0, colon).trim().toLowerCase()] = lines[i].slice(colon + 1).trim();
  }
  const close = (headers.connection ?? '').toLowerCase() === 'close';
  const start = headEnd + 4;
  if ('content-length' in headers) {
    const end = start + Number(headers['content-length']);
    if (bytes.length < end) return undefined;
    return { status, headers, body: bytes.toString('utf8', start, end), length: end, close };
  }
  if ((headers['transfer-encoding'] ?? '').toLowerCase().includes('chunked')) {
    const chunks = [];
    for (let at = start; ; ) {
      const lineEnd = bytes.indexOf('\r\n', at);
      if (lineEnd < 0) return undefined;
      const size = parseInt(bytes.toString('latin1', at, lineEnd), 16);
      if (size === 0) {
        const trailersEnd = bytes.indexOf('\r\n\r\n', lineEnd); // at lineEnd itself when there are none
        if (trailersEnd < 0) return undefined;
        return { status, headers, body: Buffer.concat(chunks).toString('utf8'), length: trailersEnd + 4, close };
      }
      if (bytes.length < lineEnd + 2 + size + 2) return undefined;
      chunks.push(bytes.subarray(lineEnd + 2, lineEnd + 2 + size));
      at = lineEnd + 2 + size + 2;
    }
  }
  if (status === 204 || status === 304) return { status, headers, body: '', length: start, close };
  if (!ended) return undefined;
  return { status, headers, body: bytes.toString('utf8', start), length: bytes.length, close: true };
}
