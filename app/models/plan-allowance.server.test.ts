import { describe, expect, it } from "vitest";
import { FREE_MONTHLY_REPORTS } from "~/plans";
import { useTestDatabase } from "../../test/db";
import type { PrismaClient } from "@prisma/client";
import { createLabReport, getLabReportFile } from "./lab-report.server";
import { createLabReportWithinAllowance, monthlyAllowance } from "./plan-allowance.server";

const db = useTestDatabase();
const NOW = new Date("2026-03-10T12:00:00Z");

function report(shop: string, n: number) {
  return {
    shop,
    fileName: `coa-${n}.pdf`,
    sha256: String(n).padStart(64, "0"),
    sizeBytes: 4,
    pageCount: 1,
    bytes: new Uint8Array([0x25, 0x50, 0x44, 0x46]),
  };
}

async function fillTo(shop: string, used: number) {
  for (let n = 0; n < used; n++) {
    const taken = await createLabReportWithinAllowance(db().prisma, report(shop, n), NOW);
    expect(taken.ok).toBe(true);
  }
}

describe("taking a report of the plan's allowance", () => {
  it("stores the report and its file while the allowance has one left", async () => {
    const shop = "allowance-room.myshopify.com";
    const taken = await createLabReportWithinAllowance(db().prisma, report(shop, 1), NOW);
    expect(taken).toMatchObject({ ok: true, report: { shop, status: "queued" } });
    const file = await db().prisma.labReportFile.count({ where: { shop } });
    expect(file).toBe(1);
    expect((await monthlyAllowance(db().prisma, shop, NOW)).used).toBe(1);
  });

  it("refuses at the limit, says which allowance, and stores nothing", async () => {
    const shop = "allowance-full.myshopify.com";
    await fillTo(shop, FREE_MONTHLY_REPORTS);
    const refused = await createLabReportWithinAllowance(db().prisma, report(shop, 99), NOW);
    expect(refused).toMatchObject({
      ok: false,
      allowance: { plan: "Free", limit: FREE_MONTHLY_REPORTS, remaining: 0 },
    });
    expect(await db().prisma.labReport.count({ where: { shop } })).toBe(FREE_MONTHLY_REPORTS);
    expect(await db().prisma.labReportFile.count({ where: { shop } })).toBe(FREE_MONTHLY_REPORTS);
  });

  it("lets exactly one of eight parallel uploads take a shop's last report", async () => {
    const shop = "allowance-race.myshopify.com";
    await fillTo(shop, FREE_MONTHLY_REPORTS - 1);
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        createLabReportWithinAllowance(db().prisma, report(shop, 100 + i), NOW),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(await db().prisma.labReport.count({ where: { shop } })).toBe(FREE_MONTHLY_REPORTS);
  });

  it("does not hold one shop's uploads to another shop's count", async () => {
    const full = "allowance-neighbour-full.myshopify.com";
    const other = "allowance-neighbour.myshopify.com";
    await fillTo(full, FREE_MONTHLY_REPORTS);
    const results = await Promise.all([
      createLabReportWithinAllowance(db().prisma, report(full, 50), NOW),
      createLabReportWithinAllowance(db().prisma, report(other, 51), NOW),
    ]);
    expect(results.map((r) => r.ok)).toEqual([false, true]);
  });

  it("stores the PDF with the report, after the allowance's transaction", async () => {
    const shop = "allowance-bytes.myshopify.com";
    const bytes = new Uint8Array(300_000).map((_, i) => i % 251);
    const taken = await createLabReportWithinAllowance(
      db().prisma,
      { ...report(shop, 60), bytes },
      NOW,
    );
    expect(taken.ok).toBe(true);
    if (!taken.ok) return;
    expect(await getLabReportFile(db().prisma, shop, taken.report.id)).toEqual(bytes);
    // Another shop's id reads nothing.
    expect(await getLabReportFile(db().prisma, "other.myshopify.com", taken.report.id)).toBeNull();
  });

  it("removes the report again when its PDF cannot be stored, so nothing is spent", async () => {
    const shop = "allowance-store-fails.myshopify.com";
    const failing = db().prisma.$extends({
      query: {
        labReportFile: {
          updateMany: () => Promise.reject(new Error("disk full")),
        },
      },
    }) as unknown as PrismaClient;
    await expect(createLabReportWithinAllowance(failing, report(shop, 61), NOW)).rejects.toThrow(
      "disk full",
    );
    expect(await db().prisma.labReport.count({ where: { shop } })).toBe(0);
    expect((await monthlyAllowance(db().prisma, shop, NOW)).remaining).toBe(FREE_MONTHLY_REPORTS);
  });

  it("a report whose PDF was never stored reads as having no file", async () => {
    const shop = "allowance-no-bytes.myshopify.com";
    const half = await createLabReport(db().prisma, {
      ...report(shop, 62),
      bytes: new Uint8Array(0),
    });
    expect(await getLabReportFile(db().prisma, shop, half.id)).toBeNull();
  });
});
