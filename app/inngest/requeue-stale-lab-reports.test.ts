import { InngestTestEngine } from "@inngest/test";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/db";
import {
  startInngestEventApi,
  type InngestEventApiDouble,
} from "../../test/doubles/inngest-event-api";
import { TEST_ENV } from "../../test/shopify/requests";

// The sweep that sends a report's event again when the process stopped between storing the report
// and sending its event, on a fixed clock, against a test database and Inngest's Event API double.
const NOW = new Date("2026-12-04T12:00:00Z");
const minutesBefore = (minutes: number, from = NOW) => new Date(from.getTime() - minutes * 60_000);

let database: TestDatabase;
let eventApi: InngestEventApiDouble;
let sweep: typeof import("./requeue-stale-lab-reports");
let send: typeof import("./send-event.server");
let wiring: typeof import("~/composition/requeue-stale-lab-reports-deps.server");

beforeAll(async () => {
  eventApi = await startInngestEventApi();
  Object.assign(process.env, TEST_ENV, { INNGEST_EVENT_API_BASE_URL: eventApi.baseUrl });
  sweep = await import("./requeue-stale-lab-reports");
  send = await import("./send-event.server");
  wiring = await import("~/composition/requeue-stale-lab-reports-deps.server");
});
afterAll(async () => {
  await eventApi?.close();
});
beforeEach(async () => {
  database = await createTestDatabase();
  eventApi.events.length = 0;
});
afterEach(async () => {
  await database?.cleanup();
});

async function seedReport(shop: string, status: string, queuedAt: Date) {
  const report = await database.prisma.labReport.create({
    data: {
      owner: { connectOrCreate: { where: { domain: shop }, create: { domain: shop } } },
      fileName: "coa.pdf",
      sha256: `${status}-${queuedAt.getTime()}`.padEnd(64, "0"),
      sizeBytes: 1,
      status,
      queuedAt,
    },
  });
  return report.id;
}

function sweepAt(now: Date) {
  const deps = wiring.createRequeueStaleLabReportsDeps(database.prisma, {
    sendUploaded: send.sendLabReportUploaded,
    now: () => now,
  });
  return new InngestTestEngine({ function: sweep.createRequeueStaleLabReports(deps) }).execute();
}

describe("the stale-queue sweep", () => {
  it("sends a report left queued with no run again, under the same event id its upload used, and records it", async () => {
    const lost = await seedReport("lost.myshopify.com", "queued", minutesBefore(20));
    const retried = await seedReport("retried.myshopify.com", "queued", minutesBefore(30));
    await database.prisma.activityLog.create({
      data: {
        shop: "retried.myshopify.com",
        actor: "merchant",
        action: "lab-report.retried",
        target: retried,
      },
    });
    const fresh = await seedReport("fresh.myshopify.com", "queued", minutesBefore(5));
    const running = await seedReport("running.myshopify.com", "extracting", minutesBefore(60));

    const { result, error } = await sweepAt(NOW);

    expect(error).toBeUndefined();
    expect(result).toEqual({ found: 2, requeued: 2 });
    // Oldest first; each under its attempt's id (the retried one's is the retry's).
    expect(eventApi.events).toEqual([
      expect.objectContaining({
        name: "lab-report/pdf.uploaded",
        id: `${retried}:attempt-2`,
        data: { reportId: retried, shop: "retried.myshopify.com", attempt: 2 },
      }),
      expect.objectContaining({
        name: "lab-report/pdf.uploaded",
        id: lost,
        data: { reportId: lost, shop: "lost.myshopify.com", attempt: 1 },
      }),
    ]);
    const rows = await database.prisma.labReport.findMany({
      where: { id: { in: [lost, retried] } },
    });
    expect(rows.map((r) => [r.status, r.queuedAt.toISOString()])).toEqual([
      ["queued", NOW.toISOString()],
      ["queued", NOW.toISOString()],
    ]);
    const requeued = await database.prisma.activityLog.findMany({
      where: { action: "lab-report.requeued" },
      orderBy: { target: "asc" },
    });
    expect(requeued.map((a) => [a.target, a.actor])).toEqual(
      [lost, retried].sort().map((id) => [id, "system"]),
    );
    expect(eventApi.events.some((e) => [fresh, running].includes(e.data.reportId as string))).toBe(
      false,
    );
  });

  it("sends a re-queued report again only once it is stale again", async () => {
    const lost = await seedReport("again.myshopify.com", "queued", minutesBefore(20));

    await sweepAt(NOW);
    expect((await sweepAt(minutesBefore(-5))).result).toEqual({ found: 0, requeued: 0 });
    expect((await sweepAt(minutesBefore(-16))).result).toEqual({ found: 1, requeued: 1 });

    // Both sends carry the upload's id: Inngest keeps the first and drops the second.
    expect(eventApi.events.map((e) => e.id)).toEqual([lost, lost]);
  });

  it("two sweeps racing over the same report send one event id and record it once", async () => {
    const lost = await seedReport("race.myshopify.com", "queued", minutesBefore(40));

    const runs = await Promise.all([sweepAt(NOW), sweepAt(NOW)]);

    expect(runs.map((r) => r.error)).toEqual([undefined, undefined]);
    expect(new Set(eventApi.events.map((e) => e.id))).toEqual(new Set([lost]));
    expect(
      await database.prisma.activityLog.count({
        where: { action: "lab-report.requeued", target: lost },
      }),
    ).toBe(1);
  });
});
