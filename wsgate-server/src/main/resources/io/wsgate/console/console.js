// The wsgate console: reads the gateway's /wsgate endpoints and draws what they answer.
// Plain browser JavaScript, no build step; every text from the gateway goes in as textContent.
"use strict";

const POLL_MILLIS = 2000;
const SAMPLES = 90; // three minutes of charts at one sample every two seconds
const PAGE_SIZE = 25;

const state = {
  apis: [],
  api: null, // the chosen API's id
  stage: null, // the chosen stage's name
  pages: [null], // the nextToken of each page shown so far; null for the first
  samples: [],
  socket: null,
};

const $ = (id) => document.getElementById(id);

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else if (value !== undefined && value !== null && value !== false) node.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(child ?? ""));
  return node;
}

class Refused extends Error {
  constructor(status, type, message) {
    super(message);
    this.status = status;
    this.type = type;
  }
}

/** Calls a console endpoint; answers its JSON, or null for an empty answer. */
async function call(method, path, body, contentType = "application/json") {
  const headers = { "X-Wsgate-Console": "1" };
  if (body !== undefined) headers["Content-Type"] = contentType;
  const response = await fetch(path, { method, headers, body, credentials: "same-origin", cache: "no-store" });
  const text = await response.text();
  if (!response.ok) {
    let message = text;
    try { message = JSON.parse(text).message; } catch (e) { /* not JSON: shown as sent */ }
    throw new Refused(response.status, response.headers.get("x-amzn-ErrorType"), message || response.statusText);
  }
  return text ? JSON.parse(text) : null;
}

function problem(error) {
  const box = $("problem");
  if (!error) {
    box.hidden = true;
    return;
  }
  box.textContent = error instanceof Refused ? `${error.status} ${error.type || ""}: ${error.message}` : String(error);
  box.hidden = false;
  if (error instanceof Refused && error.status === 403 && error.type !== "ForbiddenException") start();
}

function time(iso) {
  return iso ? new Date(iso).toLocaleTimeString() : "";
}

// ---- sign-in

async function start() {
  const session = await call("GET", "/wsgate/session");
  const signedIn = !session.signInRequired || session.arn;
  $("sign-in").hidden = signedIn;
  $("app").hidden = !signedIn;
  $("sign-out").hidden = !session.arn;
  $("who").textContent = session.arn ? `signed in as ${session.arn}` : session.signInRequired ? "" : "no identities: open to this host";
  if (signedIn) await loadApis();
}

$("sign-in-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  const body = { accessKeyId: form.get("accessKeyId"), secretAccessKey: form.get("secretAccessKey") };
  if (form.get("sessionToken")) body.sessionToken = form.get("sessionToken");
  try {
    await call("POST", "/wsgate/session", JSON.stringify(body));
    event.target.reset();
    problem(null);
    await start();
  } catch (e) {
    problem(e);
  }
});

$("sign-out").addEventListener("click", async () => {
  await call("DELETE", "/wsgate/session");
  await start();
});

// ---- APIs

async function loadApis() {
  state.apis = (await call("GET", "/wsgate/apis")).apis;
  const list = $("api-list");
  list.replaceChildren(...state.apis.map((api) => el("li", {},
    el("button", { type: "button", class: api.apiId === state.api ? "chosen" : null, "data-api": api.apiId,
      onclick: () => chooseApi(api.apiId) }, api.name, el("br"), el("small", { class: "hint" }, `${api.apiId} · ${api.source}`)))));
  $("no-apis").hidden = state.apis.length > 0;
  if (state.api) showApi();
}

function chosenApi() {
  return state.apis.find((api) => api.apiId === state.api);
}

function chooseApi(apiId) {
  state.api = apiId;
  state.stage = null;
  $("stage").hidden = true;
  for (const button of $("api-list").querySelectorAll("button")) button.classList.toggle("chosen", button.dataset.api === apiId);
  showApi();
}

function rows(tableId, items, cells) {
  $(tableId).tBodies[0].replaceChildren(...items.map((item) => el("tr", {}, ...cells(item).map((cell) =>
    cell instanceof Node ? el("td", {}, cell) : el("td", {}, String(cell ?? ""))))));
}

function showApi() {
  const api = chosenApi();
  if (!api) {
    $("api").hidden = true;
    return;
  }
  $("api").hidden = false;
  $("api-title").textContent = `${api.name} (${api.apiId})`;
  $("api-facts").textContent = `from the ${api.source}; route selection ${api.routeSelectionExpression}` +
    (api.description ? `; ${api.description}` : "");
  rows("routes", api.routes, (r) => [r.routeKey, r.target || "(none)",
    r.authorizationType + (r.authorizerId ? ` ${r.authorizerId}` : ""), r.apiKeyRequired ? "required" : ""]);
  rows("integrations", api.integrations, (i) => [i.integrationId, i.integrationType, i.integrationUri, `${i.timeoutInMillis} ms`]);
  rows("authorizers", api.authorizers, (a) => [a.name, a.authorizerType, a.identitySource.join(", "),
    a.jwtConfiguration ? a.jwtConfiguration.issuer : a.authorizerUri]);
  rows("deployments", api.deployments, (d) => [d.deploymentId, new Date(d.createdDate).toLocaleString(),
    d.description || (d.autoDeployed ? "automatic" : "")]);
  rows("stages", api.stages, (s) => [s.stageName, el("span", { class: "mono" }, s.url), s.deploymentId || "",
    String(s.connections), el("button", { type: "button", "data-stage": s.stageName, onclick: () => chooseStage(s.stageName) }, "Open")]);
  for (const row of $("stages").tBodies[0].rows) row.classList.toggle("chosen", row.cells[0].textContent === state.stage);
}

// ---- a stage: its connections, a test client, its access log

function chosenStage() {
  const api = chosenApi();
  return api && api.stages.find((s) => s.stageName === state.stage);
}

function chooseStage(stageName) {
  state.stage = stageName;
  state.pages = [null];
  $("filter").value = "";
  const stage = chosenStage();
  if (!state.socket) $("client-url").value = stage.url;
  showStage();
}

function showStage() {
  const stage = chosenStage();
  if (!stage) {
    $("stage").hidden = true;
    return;
  }
  $("stage").hidden = false;
  $("stage-title").textContent = `Stage ${stage.stageName} of ${chosenApi().name}`;
  for (const row of $("stages").tBodies[0].rows) row.classList.toggle("chosen", row.cells[0].textContent === stage.stageName);
  loadConnections().catch(problem);
  loadLog().catch(problem);
}

/** Lists the stage's connections; a poll ({@code auto}) leaves the list alone while a message is being written. */
async function loadConnections(auto = false) {
  if (!state.stage || (auto && document.querySelector(".send-row"))) return;
  const query = new URLSearchParams({ apiId: state.api, stage: state.stage, limit: PAGE_SIZE });
  const filter = $("filter").value.trim();
  if (filter) query.set("filter", filter);
  const token = state.pages[state.pages.length - 1];
  if (token) query.set("nextToken", token);
  const page = await call("GET", `/wsgate/connections?${query}`);
  rows("connection-table", page.items, (c) => [el("span", { class: "mono", "data-testid": "connection-id" }, c.connectionId),
    c.sourceIp, time(c.connectedAt), time(c.lastActiveAt), c.principal || "",
    el("span", {}, el("button", { type: "button", "data-testid": "send-to", onclick: (e) => sendRow(e.target, c) }, "Send"), " ",
      el("button", { type: "button", class: "danger", "data-testid": "kick", onclick: () => kick(c.connectionId) }, "Disconnect"))]);
  $("no-connections").hidden = page.items.length > 0;
  $("next-page").disabled = !page.nextToken;
  $("next-page").dataset.token = page.nextToken || "";
  $("first-page").disabled = state.pages.length === 1;
}

function sendRow(button, connection) {
  const row = button.closest("tr");
  if (row.nextSibling && row.nextSibling.classList.contains("send-row")) return;
  const input = el("input", { "data-testid": "send-text", placeholder: "message to send", "aria-label": "Message to send" });
  const form = el("form", { class: "bar", onsubmit: async (event) => {
    event.preventDefault();
    try {
      await call("POST", `/wsgate/connections/${encodeURIComponent(connection.connectionId)}`, input.value, "text/plain");
      problem(null);
      sendLine.remove();
    } catch (e) {
      problem(e);
    }
  } }, input, el("button", { type: "submit", "data-testid": "send-submit" }, "Send to it"));
  const sendLine = el("tr", { class: "send-row" }, el("td", { colspan: 6 }, form));
  row.after(sendLine);
  input.focus();
}

async function kick(connectionId) {
  try {
    await call("DELETE", `/wsgate/connections/${encodeURIComponent(connectionId)}`);
    problem(null);
  } catch (e) {
    problem(e);
  }
  await loadConnections();
}

$("refresh").addEventListener("click", () => loadConnections().catch(problem));
$("filter").addEventListener("input", () => { state.pages = [null]; loadConnections().catch(problem); });
$("next-page").addEventListener("click", () => { state.pages.push($("next-page").dataset.token); loadConnections().catch(problem); });
$("first-page").addEventListener("click", () => { state.pages = [null]; loadConnections().catch(problem); });

async function loadLog() {
  const stage = chosenStage();
  if (!stage || !stage.accessLogSettings) {
    $("log-file").textContent = "";
    $("log-lines").textContent = "This stage has no access log settings.";
    return;
  }
  try {
    const tail = await call("GET", `/wsgate/access-log?${new URLSearchParams({ apiId: state.api, stage: state.stage, lines: 50 })}`);
    $("log-file").textContent = tail.file || `log group ${tail.logGroup}: nothing written yet`;
    $("log-lines").textContent = tail.lines.join("\n");
  } catch (e) {
    $("log-file").textContent = "";
    $("log-lines").textContent = e.message;
  }
}
$("log-refresh").addEventListener("click", () => loadLog());

// ---- the test client: a WebSocket from this browser to the stage

function frame(kind, text) {
  const list = $("frames");
  list.append(el("li", { class: kind, "data-testid": `frame-${kind}` }, text));
  list.scrollTop = list.scrollHeight;
}

function clientOpen(open) {
  $("client-connect").disabled = open;
  $("client-close").disabled = !open;
  $("client-send").disabled = !open;
}

$("client-connect").addEventListener("click", () => {
  const url = $("client-url").value.trim();
  let socket;
  try {
    socket = new WebSocket(url);
  } catch (e) {
    frame("event", `cannot connect: ${e.message}`);
    return;
  }
  state.socket = socket;
  $("client-connect").disabled = true;
  frame("event", `connecting to ${url}`);
  socket.addEventListener("open", () => { frame("event", "open"); clientOpen(true); loadConnections().catch(problem); });
  socket.addEventListener("message", (event) => frame("in", typeof event.data === "string" ? event.data : "(binary message)"));
  socket.addEventListener("close", (event) => {
    frame("event", `closed ${event.code}${event.reason ? ` ${event.reason}` : ""}`);
    if (state.socket === socket) state.socket = null;
    clientOpen(false);
    loadConnections().catch(problem);
  });
});

$("client-close").addEventListener("click", () => state.socket && state.socket.close(1000, "closed from the console"));

$("client-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const text = $("client-message").value;
  if (!state.socket || state.socket.readyState !== WebSocket.OPEN) return;
  state.socket.send(text);
  frame("out", text);
});

// ---- live metrics

async function sample() {
  const metrics = await call("GET", "/wsgate/metrics");
  const now = new Date(metrics.time).getTime();
  const last = state.samples[state.samples.length - 1];
  const received = metrics.counters["message.received"] || 0;
  const sent = metrics.counters["message.sent"] || 0;
  const seconds = last ? Math.max((now - last.time) / 1000, 0.001) : 1;
  state.samples.push({
    time: now, connections: metrics.connections, received, sent,
    inRate: last ? Math.max(0, received - last.received) / seconds : 0,
    outRate: last ? Math.max(0, sent - last.sent) / seconds : 0,
  });
  if (state.samples.length > SAMPLES) state.samples.shift();
  $("now-connections").textContent = `(${metrics.connections} now)`;
  chart($("chart-connections"), [["connections", (s) => s.connections]]);
  chart($("chart-messages"), [["in", (s) => s.inRate], ["out", (s) => s.outRate]]);
}

function chart(svg, series) {
  const top = Math.max(1, ...state.samples.flatMap((s) => series.map(([, value]) => value(s))));
  const x = (i) => (i / (SAMPLES - 1)) * 300;
  const y = (v) => 95 - (v / top) * 85;
  const ns = "http://www.w3.org/2000/svg";
  const nodes = series.map(([name, value]) => {
    const line = document.createElementNS(ns, "polyline");
    line.setAttribute("class", name);
    line.setAttribute("points", state.samples.map((s, i) => `${x(i).toFixed(1)},${y(value(s)).toFixed(1)}`).join(" "));
    return line;
  });
  const label = document.createElementNS(ns, "text");
  label.setAttribute("x", "3");
  label.setAttribute("y", "9");
  label.textContent = Number.isInteger(top) ? String(top) : top.toFixed(1);
  svg.replaceChildren(label, ...nodes);
}

async function poll() {
  if (!$("app").hidden) {
    try {
      await sample();
      await loadApis();
      await loadConnections(true);
    } catch (e) {
      problem(e);
    }
  }
  setTimeout(poll, POLL_MILLIS);
}

start().then(poll, (e) => { problem(e); setTimeout(poll, POLL_MILLIS); });
