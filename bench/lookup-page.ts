/**
 * npm run bench:lookup-page — the shopper's lookup page (/apps/lab/<batch>) on a phone: its size and
 * its Largest Contentful Paint in headless Chromium.
 *
 * What is real: the production build (remix-serve), the app proxy signature check, SQLite, a corpus
 * COA read by the real pipeline and published. The phone: 390×844 at 2× with Chromium's network
 * throttled to a slow 4G profile (150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up) and the CPU
 * slowed 4×, as Lighthouse's mobile run does. What is not: Shopify's proxy hop in front of the app
 * (one more round trip from the shop's domain to the app) — add it when reading the figures.
 */
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { chromium } from "playwright-core";
import { createLabReport, moveLabReport } from "~/models/lab-report.server";
import { createTestDatabase } from "../test/db";
import { driveToApproval } from "../test/drive-lab-report";
import { appProxyRequest, TEST_ENV } from "../test/shopify/requests";
import { buildApp, startAppServer } from "../test/browser/app-server";

const SHOP = "lookup-bench.myshopify.com";
const COA = "test/fixtures/coa/01_sc-labs_cherry-punch.pdf";
const RUNS = 5;

async function main() {
  buildApp();
  const database = await createTestDatabase();
  await database.prisma.shop.create({ data: { domain: SHOP } });
  const row = await createLabReport(database.prisma, {
    shop: SHOP,
    fileName: "cherry-punch.pdf",
    sha256: "bench",
    sizeBytes: 1,
    productTitle: "Cherry Punch — 3.5 g flower",
    bytes: readFileSync(COA),
  });
  await driveToApproval(database.prisma, SHOP, row.id);
  await moveLabReport(database.prisma, SHOP, row.id, "publishing");
  await moveLabReport(database.prisma, SHOP, row.id, "published");
  const { batch } = await database.prisma.labReport.findFirstOrThrow({ where: { id: row.id } });
  if (!batch) throw new Error("no batch read from the COA");

  const server = await startAppServer({
    ...TEST_ENV,
    NODE_ENV: "production",
    DATABASE_URL: database.url,
  });
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
  try {
    const url = () => {
      const signed = new URL(
        appProxyRequest({ shop: SHOP, path: `/proxy/lab/${encodeURIComponent(batch)}` }).url,
      );
      return `${server.url}${signed.pathname}${signed.search}`;
    };
    const body = await (await fetch(url())).text();
    const bytes = Buffer.byteLength(body);
    const gzipped = gzipSync(body).byteLength;

    const lcps: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const context = await browser.newContext({
        viewport: { width: 390, height: 844 },
        deviceScaleFactor: 2,
        isMobile: true,
        hasTouch: true,
      });
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send("Network.enable");
      await cdp.send("Network.emulateNetworkConditions", {
        offline: false,
        latency: 150,
        downloadThroughput: (1.6 * 1024 * 1024) / 8,
        uploadThroughput: (750 * 1024) / 8,
      });
      await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
      await page.addInitScript(() => {
        const w = window as unknown as { __lcp: number };
        w.__lcp = 0;
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) w.__lcp = entry.startTime;
        }).observe({ type: "largest-contentful-paint", buffered: true });
      });
      await page.goto(url(), { waitUntil: "load" });
      await page.waitForFunction(() => (window as unknown as { __lcp: number }).__lcp > 0, null, {
        timeout: 10_000,
      });
      lcps.push(await page.evaluate(() => (window as unknown as { __lcp: number }).__lcp));
      await context.close();
    }
    lcps.sort((a, b) => a - b);
    const median = lcps[Math.floor(lcps.length / 2)] ?? 0;
    console.log(`lookup page for batch ${batch} (corpus COA ${COA.split("/").at(-1)})`);
    console.log(
      `  size: ${bytes} bytes HTML, ${gzipped} bytes gzipped; 1 request (no script, font, image or stylesheet)`,
    );
    console.log(
      `  LCP on a throttled phone (slow 4G, 4× CPU), ${RUNS} runs: median ${median.toFixed(0)} ms ` +
        `(min ${lcps[0]?.toFixed(0)}, max ${lcps.at(-1)?.toFixed(0)})`,
    );
  } finally {
    await browser.close();
    await server.stop();
    await database.cleanup();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
