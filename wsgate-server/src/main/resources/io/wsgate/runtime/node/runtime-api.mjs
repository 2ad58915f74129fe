// The Lambda Runtime API (2018-06-01) over plain HTTP: the bootstrap's only link to its host.
import http from 'node:http';

const PREFIX = '/2018-06-01/runtime';

// One keep-alive connection, reused for next, response and error. No timeout anywhere: `next`
// long-polls for as long as the host has no work, and a socket timeout would drop the poll.
const agent = new http.Agent({ keepAlive: true, maxSockets: 1, timeout: 0 });

// Pauses (ms) before each new try of a failed poll: half a second in all.
const RETRIES = [0, 50, 100, 150, 200];

/** The endpoint is gone (nobody listens): the caller exits, since no work can ever come. */
export class EndpointGone extends Error {}

export class RuntimeApi {
  constructor(address) {
    const colon = address.lastIndexOf(':');
    this.host = address.slice(0, colon);
    this.port = Number(address.slice(colon + 1));
  }

  /** Waits for the next invocation: {id, deadlineMs, functionArn, traceId, clientContext, identity, body}. */
  async next() {
    // A failed poll (a reused socket the host had closed, a connection dropped mid-answer) is
    // tried again a few times, a little later each time: a host that is gone soon refuses
    // connections, and that ends the process; a host that is only busy answers.
    for (let attempt = 0; ; attempt++) {
      try {
        const res = await this.#request('GET', `${PREFIX}/invocation/next`);
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

  response(id, json) {
    return this.#post(`${PREFIX}/invocation/${encodeURIComponent(id)}/response`, json, {});
  }

  invocationError(id, error) {
    return this.#post(`${PREFIX}/invocation/${encodeURIComponent(id)}/error`, JSON.stringify(error), {
      'Lambda-Runtime-Function-Error-Type': 'Unhandled',
    });
  }

  initError(error) {
    return this.#post(`${PREFIX}/init/error`, JSON.stringify(error), {
      'Lambda-Runtime-Function-Error-Type': error.errorType,
    });
  }

  async #post(path, body, headers) {
    const res = await this.#request('POST', path, body, headers);
    if (res.status !== 202) {
      process.stderr.write(`wsgate bootstrap: POST ${path} answered ${res.status}: ${res.body}\n`);
    }
  }

  #request(method, path, body, headers = {}) {
    return new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : Buffer.from(body, 'utf8');
      const req = http.request(
        {
          host: this.host,
          port: this.port,
          method,
          path,
          agent,
          headers: payload
            ? { ...headers, 'Content-Type': 'application/json', 'Content-Length': payload.length }
            : headers,
        },
        (res) => {
          const chunks = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', (e) => reject(e.code === 'ECONNREFUSED' ? new EndpointGone(e.message) : e));
      req.end(payload);
    });
  }
}

class BadAnswer extends Error {}
