// Drives the console in headless Chromium, as a person would: node console.mjs CONSOLE_URL API_NAME SCREENSHOT
// Loads the page, opens the API and its stage, connects the test client, sends and sees the echo, sends to the
// connection from the list, disconnects it from the list and sees it gone. Prints what it saw as one JSON line;
// exits 1 with the step that failed (and a screenshot beside SCREENSHOT) otherwise.
import { chromium } from "playwright-core";

const [url, apiName, screenshot] = process.argv.slice(2);
const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";
const WAIT = { timeout: 20000 };

const browser = await chromium.launch({ executablePath, headless: true, args: ["--no-sandbox"] });
const page = await browser.newPage({ viewport: { width: 1400, height: 1100 } });
const errors = [];
page.on("pageerror", (e) => errors.push(String(e)));
page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });

let step = "load the page";
try {
  await page.goto(url, { waitUntil: "load" });

  step = `see the API ${apiName} and open it`;
  await page.getByTestId("api-list").getByRole("button", { name: apiName }).click(WAIT);
  await page.getByTestId("api-title").filter({ hasText: apiName }).waitFor(WAIT);

  step = "open its stage";
  await page.locator("#stages button[data-stage]").first().click(WAIT);
  await page.getByTestId("no-connections").waitFor({ state: "visible", ...WAIT });

  step = "connect the test client";
  const wsUrl = await page.getByTestId("client-url").inputValue();
  await page.getByTestId("client-connect").click(WAIT);
  await page.getByTestId("frame-event").filter({ hasText: /^open$/ }).waitFor(WAIT);

  step = "send a message and see the echo";
  await page.getByTestId("client-message").fill("hello console");
  await page.getByTestId("client-send").click(WAIT);
  const echo = await page.getByTestId("frame-in").filter({ hasText: "hello console" }).first().textContent(WAIT);

  step = "see the connection listed";
  const idCell = page.getByTestId("connection-id");
  await idCell.first().waitFor(WAIT);
  const listed = await idCell.count();
  const connectionId = await idCell.first().textContent();

  step = "send to the connection from the list";
  await page.getByTestId("send-to").first().click(WAIT);
  await page.getByTestId("send-text").fill("from the console");
  await page.getByTestId("send-submit").click(WAIT);
  const pushed = await page.getByTestId("frame-in").filter({ hasText: "from the console" }).first().textContent(WAIT);

  step = "disconnect it from the list and see it gone";
  await page.getByTestId("kick").first().click(WAIT);
  const closed = await page.getByTestId("frame-event").filter({ hasText: /^closed / }).first().textContent(WAIT);
  await page.getByTestId("no-connections").waitFor({ state: "visible", ...WAIT });
  const left = await idCell.count();

  step = "see the charts drawn";
  await page.locator("#chart-connections polyline").first().waitFor({ state: "attached", ...WAIT });

  await page.screenshot({ path: screenshot, fullPage: true });
  console.log(JSON.stringify({ wsUrl, echo, listed, connectionId, pushed, closed, left, errors }));
} catch (e) {
  await page.screenshot({ path: screenshot.replace(/\.png$/, "-failed.png"), fullPage: true }).catch(() => {});
  console.error(`could not ${step}: ${e.message}\npage errors: ${errors.join("; ")}`);
  process.exitCode = 1;
} finally {
  await browser.close();
}
