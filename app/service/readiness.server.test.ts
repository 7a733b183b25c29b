import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient, isPostgresUrl, pingDatabase } from "~/db.server";
import { freePort } from "../../test/browser/app-server";
import { createTestDatabase, type TestDatabase } from "../../test/db";
import { checkReadiness, databaseCheck, queueCheck } from "./readiness.server";

let database: TestDatabase;
let queue: Server;
let queueUrl: string;

beforeAll(async () => {
  database = await createTestDatabase();
  // Like Inngest's dev server and Event API: GET / answers something, whatever it is.
  queue = createServer((_req, res) => {
    res.statusCode = 404;
    res.end();
  });
  await new Promise<void>((resolve) => queue.listen(0, "127.0.0.1", resolve));
  queueUrl = `http://127.0.0.1:${(queue.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  await new Promise((resolve) => queue.close(resolve));
  await database.cleanup();
});

describe("readiness", () => {
  it("is ready when the database and the queue both answer", async () => {
    const readiness = await checkReadiness([
      databaseCheck(() => pingDatabase(database.prisma)),
      queueCheck({ INNGEST_DEV: "1", INNGEST_BASE_URL: queueUrl }),
    ]);
    expect(readiness.ready).toBe(true);
    expect(readiness.checks.queue?.detail).toContain("answered HTTP 404");
  });

  it("is not ready when the database cannot be opened", async () => {
    // The generated client is built for one provider: break the database of the provider under test.
    const broken = createPrismaClient(
      isPostgresUrl(process.env.TEST_DATABASE_URL ?? "")
        ? `postgresql://postgres@127.0.0.1:${await freePort()}/nowhere`
        : "file:/nonexistent-directory/db.sqlite",
    );
    const readiness = await checkReadiness([databaseCheck(() => pingDatabase(broken))]);
    expect(readiness).toMatchObject({ ready: false, checks: { database: { ok: false } } });
  });

  it("is not ready when the queue's server does not answer", async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const readiness = await checkReadiness([
      queueCheck({ INNGEST_DEV: "1", INNGEST_BASE_URL: closed }),
    ]);
    expect(readiness.ready).toBe(false);
    expect(readiness.checks.queue?.detail).toContain("unreachable");
  });

  it("is not ready for Inngest Cloud without its keys, and asks nothing of the network then", async () => {
    const readiness = await checkReadiness([
      queueCheck({ INNGEST_EVENT_KEY: "key" }, () =>
        Promise.reject(new Error("no network call expected")),
      ),
    ]);
    expect(readiness.checks.queue).toEqual({ ok: false, detail: "INNGEST_SIGNING_KEY not set" });
  });

  it("counts a check that hangs as down, within the time budget", async () => {
    const hung = { name: "database", run: () => new Promise<never>(() => {}) };
    const readiness = await checkReadiness([hung], 50);
    expect(readiness.checks.database).toEqual({ ok: false, detail: "no answer within 50 ms" });
  });
});
