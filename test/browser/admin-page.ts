import { readFileSync } from "node:fs";
import path from "node:path";
import {
  chromium,
  type Browser,
  type BrowserContext,
  type Page,
  type Request,
} from "playwright-core";
import { getJwt } from "@shopify/shopify-api/test-helpers";
import { TEST_APP } from "../shopify/requests";

/**
 * Opens app pages as the admin would: a session token in the URL, App Bridge's stand-in served in
 * place of Shopify's CDN script, a normal Chrome user agent (shopify-app-remix answers bots with 410).
 */
const STAND_IN = readFileSync(path.resolve("test/browser/app-bridge-stand-in.js"), "utf8");
const AXE = readFileSync(path.resolve("node_modules/axe-core/axe.min.js"), "utf8");
const CHROME_UA =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";

/** Debian's Chromium, headless, without the background work that only slows a test down. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      // A page is never treated as hidden: its frames keep coming on a machine busy with other tests.
      "--disable-renderer-backgrounding",
      "--disable-background-timer-throttling",
      "--disable-backgrounding-occluded-windows",
    ],
  });
}

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

export interface AdminPage {
  context: BrowserContext;
  page: Page;
  problems: string[];
  /** The page's last requests to the app, each with when it started and how it ended, then those still open. */
  requestLog(): string[];
  /** The app's address with the admin's query (shop, host, id_token). */
  url(pathname: string): string;
}

export async function openAdmin(
  browser: Browser,
  serverUrl: string,
  shop: string,
  test: Record<string, unknown> = {},
): Promise<AdminPage> {
  const { token } = await getJwt(
    shop.replace(".myshopify.com", ""),
    TEST_APP.apiKey,
    TEST_APP.apiSecret,
  );
  const context = await browser.newContext({ userAgent: CHROME_UA, viewport: DESKTOP });
  await context.route("https://cdn.shopify.com/**", (route) =>
    route.request().url().endsWith("/app-bridge.js")
      ? route.fulfill({ contentType: "text/javascript", body: STAND_IN })
      : route.fulfill({ contentType: "text/css", body: "" }),
  );
  await context.addInitScript((values) => Object.assign(window, { __headyTest: values }), {
    sessionToken: token,
    ...test,
  });
  await context.addInitScript(VITALS_OBSERVER);
  const page = await context.newPage();
  // A full-page screenshot on a busy machine can take longer than Playwright's default 30 s.
  page.setDefaultTimeout(60_000);
  const problems: string[] = [];
  const requests: string[] = [];
  const started = new Map<Request, number>();
  const line = (request: Request, at: number, outcome: string) => {
    const url = new URL(request.url());
    url.searchParams.delete("id_token");
    return `${new Date(at).toISOString().slice(11, 23)} ${request.method()} ${url.pathname}${url.search.slice(0, 120)} → ${outcome} after ${Date.now() - at} ms`;
  };
  const note = (request: Request, outcome: string) => {
    const at = started.get(request) ?? Date.now();
    started.delete(request);
    requests.push(line(request, at, outcome));
    if (requests.length > 40) requests.shift();
  };
  // Only the app's own requests (App Bridge's stand-in and its styles are answered locally).
  const ours = (request: Request) => request.url().startsWith(serverUrl);
  page.on("request", (request) => {
    if (ours(request)) started.set(request, Date.now());
  });
  page.on("requestfinished", (request) => {
    if (!ours(request)) return;
    request
      .response()
      .then((response) => note(request, String(response?.status() ?? "?")))
      .catch(() => note(request, "?"));
  });
  page.on("requestfailed", (request) => {
    if (ours(request)) note(request, `failed: ${request.failure()?.errorText}`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console: ${message.text()}`);
  });
  const host = Buffer.from(
    `admin.shopify.com/store/${shop.replace(".myshopify.com", "")}`,
  ).toString("base64url");
  const query = new URLSearchParams({ shop, host, embedded: "1", id_token: token });
  return {
    context,
    page,
    problems,
    requestLog: () => [
      ...requests,
      ...[...started].map(([request, at]) => line(request, at, "still open")),
    ],
    url: (pathname) => `${serverUrl}${pathname}${pathname.includes("?") ? "&" : "?"}${query}`,
  };
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** axe-core's serious and critical findings on the page as it is now (WCAG 2.x A and AA rules). */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ content: AXE });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (...args: unknown[]) => Promise<unknown> } })
      .axe;
    const result = (await axe.run(document, {
      runOnly: {
        type: "tag",
        values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
      },
    })) as {
      violations: {
        id: string;
        impact: string | null;
        help: string;
        nodes: { target: string[] }[];
      }[];
    };
    return result.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ")),
      }));
  });
}

/**
 * Largest contentful paint, cumulative layout shift and interaction to next paint, as the page
 * observed them (PerformanceObserver, the web-vitals definitions without their library).
 */
const VITALS_OBSERVER = `(() => {
  const vitals = { lcp: 0, cls: 0, inp: 0 };
  window.__vitals = vitals;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) vitals.lcp = entry.startTime;
  }).observe({ type: "largest-contentful-paint", buffered: true });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) vitals.cls += entry.value;
  }).observe({ type: "layout-shift", buffered: true });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.interactionId) vitals.inp = Math.max(vitals.inp, entry.duration);
    }
  }).observe({ type: "event", buffered: true, durationThreshold: 16 });
})();`;

export async function vitals(page: Page): Promise<{ lcp: number; cls: number; inp: number }> {
  return page.evaluate(
    () => (window as unknown as { __vitals: { lcp: number; cls: number; inp: number } }).__vitals,
  );
}

/**
 * Runs a wait on the page; when it fails, the error says what the page showed and what the server
 * printed last, so a failure on a machine nobody watches can be read from its log.
 */
export async function explained<T>(
  page: Page,
  wait: Promise<T>,
  serverOutput: () => string = () => "",
  requestLog: () => readonly string[] = () => [],
): Promise<T> {
  try {
    return await wait;
  } catch (error) {
    const shown = await page
      .locator("body")
      .innerText({ timeout: 5_000 })
      .catch((e: unknown) => `(the page could not be read: ${String(e)})`);
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(
      `${message}\n--- the page showed:\n${shown.slice(0, 4_000)}\n--- the page's last requests:\n${requestLog().join("\n")}\n--- the server printed last:\n${serverOutput().slice(-4_000)}`,
    );
  }
}
