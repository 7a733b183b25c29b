import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "~/models/api-token.server";
import { createTestDatabase, type TestDatabase } from "../db";
import { startInngestEventApi, type InngestEventApiDouble } from "../doubles/inngest-event-api";
import { TEST_ENV } from "../shopify/requests";
import { buildApp, startAppServer, type AppServer } from "../browser/app-server";

/**
 * The README's REST API walk-through, run as written against the production build served on
 * 127.0.0.1: its `sh` blocks, in order, in one bash, with only the three `export` lines that a
 * reader fills in replaced by this test's values.
 */
const ROOT = path.resolve(import.meta.dirname, "../..");
const SHOP = "readme.myshopify.com";

let database: TestDatabase;
let events: InngestEventApiDouble;
let server: AppServer;
let token: string;

function walkthrough(): string {
  const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
  const start = readme.indexOf("## REST API");
  const end = readme.indexOf("\n## ", start + 1);
  const section = readme.slice(start, end);
  const blocks = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1] ?? "");
  expect(blocks.length).toBeGreaterThanOrEqual(5);
  return blocks
    .join("\n")
    .split("\n")
    .filter((line) => !/^export (HEADY_URL|HEADY_TOKEN|COA_PDF)=/.test(line))
    .join("\n");
}

function runBash(
  script: string,
  env: NodeJS.ProcessEnv,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("bash", ["-euo", "pipefail", "-c", script], { cwd: ROOT, env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), 120_000);
    child.on("error", reject);
    child.on("close", (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

beforeAll(async () => {
  buildApp();
  database = await createTestDatabase();
  events = await startInngestEventApi();
  await database.prisma.shop.create({ data: { domain: SHOP } });
  token = (await createApiToken(database.prisma, { shop: SHOP, name: "README", scope: "write" }))
    .token;
  server = await startAppServer({
    ...TEST_ENV,
    NODE_ENV: "production",
    INNGEST_DEV: "",
    INNGEST_EVENT_KEY: "readme-test-event-key",
    INNGEST_SIGNING_KEY: "signkey-test-0123456789abcdef0123456789abcdef",
    INNGEST_EVENT_API_BASE_URL: events.baseUrl,
    DATABASE_URL: database.url,
  });
}, 300_000);

afterAll(async () => {
  await server?.stop();
  await events?.close();
  await database?.cleanup();
});

describe("the README's API walk-through", () => {
  it("uploads, reads, lists and tries to approve a COA with curl against the production build", async () => {
    const script = walkthrough();
    // Not spawnSync: the Inngest double in this process must keep answering while curl runs.
    const run = await runBash(script, {
      NODE_ENV: "production",
      PATH: process.env.PATH ?? "",
      HEADY_URL: server.url,
      HEADY_TOKEN: token,
      COA_PDF: "test/fixtures/coa/01_sc-labs_cherry-punch.pdf",
    });
    const context = `stdout:\n${run.stdout}\nstderr:\n${run.stderr}\nserver:\n${server.output()}`;
    expect(run.status, context).toBe(0);
    const lines = run.stdout.trim().split("\n");
    expect(lines[0]).toBe("Heady Lab Results API 1.0.0");
    const id = /^uploaded (\S+)$/.exec(lines[1] ?? "")?.[1];
    expect(id, context).toMatch(/^c[a-z0-9]{20,}$/);
    expect(lines[2]).toBe(`${id} queued`);
    expect(lines[3]).toBe(id);
    // Not processed (no queue runner here), so approval is refused with the documented conflict.
    expect(lines.slice(4, 6)).toEqual(["409", "wrong-status"]);
    expect(lines[6]).toBe("401 application/problem+json");
    expect(events.events.map((event) => event.name)).toContain("lab-report/pdf.uploaded");
  }, 180_000);
});
