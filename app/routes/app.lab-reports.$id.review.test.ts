import { readFileSync } from "node:fs";
import { PNG } from "pngjs";
import { beforeAll, describe, expect, it } from "vitest";
import { adminRequest } from "../../test/shopify/requests";
import { settle, useMerchantRoutes } from "../../test/merchant-routes";
import { driveToApproval } from "../../test/drive-lab-report";
import { blankPage, withValuesToCheck, type ValueToCheck } from "../../test/values-to-check";

const harness = useMerchantRoutes();
let page: typeof import("./app.lab-reports.$id");
let review: typeof import("./app.lab-reports.$id.review");
let pages: typeof import("./app.lab-reports.$id.pages.$page");

const COA = "test/fixtures/coa/01_sc-labs_cherry-punch.pdf";
const VALUES: ValueToCheck[] = [
  { field: "totals.thc", reason: "ocr-unconfirmed", label: "Total THC" },
  { field: "sample.batch", reason: "ocr-unconfirmed", label: "Batch" },
];

beforeAll(async () => {
  page = await import("./app.lab-reports.$id");
  review = await import("./app.lab-reports.$id.review");
  pages = await import("./app.lab-reports.$id.pages.$page");
});

/** A scanned COA's report waiting for approval, its total THC and batch withheld for checking. */
async function scannedReport(shop: string, { autoPublish = false } = {}) {
  const { prisma } = harness();
  await harness().installShop(shop);
  await prisma.shop.update({ where: { domain: shop }, data: { autoPublish } });
  const report = await prisma.labReport.create({
    data: {
      shop,
      productId: "gid://shopify/Product/42",
      productTitle: "Cherry Punch 3.5g",
      fileName: "cherry-punch-scan.pdf",
      sha256: "0a".repeat(32),
      sizeBytes: 1,
      file: { create: { bytes: readFileSync(COA) } },
    },
  });
  const run = await driveToApproval(prisma, shop, report.id, {
    reading: (result, pdf) => withValuesToCheck(result, pdf, VALUES, blankPage),
  });
  return { id: report.id, ...run };
}

async function view(shop: string, id: string) {
  const request = await adminRequest(shop, `/app/lab-reports/${id}`);
  return settle(() => page.loader({ request, params: { id }, context: {} }));
}

async function decide(shop: string, id: string, fields: Record<string, string>) {
  const request = await adminRequest(shop, `/app/lab-reports/${id}/review`, {
    method: "POST",
    body: new URLSearchParams(fields),
  });
  return settle(() => review.action({ request, params: { id }, context: {} }));
}

async function approve(shop: string, id: string) {
  const request = await adminRequest(shop, `/app/lab-reports/${id}`, {
    method: "POST",
    body: new URLSearchParams({ intent: "approve" }),
  });
  return settle(() => page.action({ request, params: { id }, context: {} }));
}

async function picture(shop: string, id: string, pageNumber: string, box?: string) {
  const query = box ? `?box=${box}` : "";
  const request = await adminRequest(shop, `/app/lab-reports/${id}/pages/${pageNumber}${query}`);
  return settle(() => pages.loader({ request, params: { id, page: pageNumber }, context: {} }));
}

async function stored(id: string) {
  const row = await harness().prisma.labReport.findUniqueOrThrow({ where: { id } });
  return { row, report: JSON.parse(row.report ?? "null") };
}

describe("values to check against the page", () => {
  it("hold auto-publishing and approval, and are listed with their page until the merchant decides", async () => {
    const shop = "review-held.myshopify.com";
    const { id, autoPublish } = await scannedReport(shop, { autoPublish: true });

    expect(autoPublish).toBe(false);
    const shown = await (await view(shop, id)).json();
    expect(shown.status).toBe("awaiting-approval");
    expect(shown.pageImages).toEqual([1]);
    expect(shown.reviewItems.map((i: { field: string }) => i.field)).toEqual([
      "totals.thc",
      "sample.batch",
    ]);
    expect(shown.report.totals.thc).toBeNull();
    expect(shown.holds).toEqual(
      expect.arrayContaining([
        { code: "review-item", detail: "Total THC", acknowledge: false },
        { code: "review-item", detail: "Batch", acknowledge: false },
      ]),
    );
    const refused = await approve(shop, id);
    expect(refused.status).toBe(409);
    expect((await refused.json()).message).toMatch(/Values to check/);
    expect(harness().events.events.some((e) => e.data.shop === shop)).toBe(false);
  });

  it("a confirmed value goes into the report as confirmed by the merchant and into the activity log", async () => {
    const shop = "review-confirm.myshopify.com";
    const { id } = await scannedReport(shop);
    const before = await stored(id);
    const reading = before.report.review[0].reading;

    const response = await decide(shop, id, { field: "totals.thc", decision: "confirm" });

    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, field: "totals.thc" });
    const after = await stored(id);
    expect(after.report.totals.thc).toEqual({
      value: Number(reading),
      unit: "%",
      qualifier: null,
      source: "confirmed-by-merchant",
    });
    expect(after.report.review[0].resolution).toMatchObject({ kind: "confirmed" });
    const logged = await harness().prisma.activityLog.findMany({
      where: { shop, action: "lab-report.confirmed-by-merchant" },
    });
    expect(logged).toHaveLength(1);
    expect(JSON.parse(logged[0]?.details ?? "{}")).toMatchObject({
      field: "totals.thc",
      value: `${reading} %`,
      kind: "confirmed",
    });
    // One value is still open: publishing still waits.
    expect((await approve(shop, id)).status).toBe(409);
  });

  it("a corrected batch is stored as typed, and the last decision rewrites the description and lets it publish", async () => {
    const shop = "review-correct.myshopify.com";
    const { id, descriptionId } = await scannedReport(shop);
    await decide(shop, id, { field: "totals.thc", decision: "confirm" });

    const response = await decide(shop, id, {
      field: "sample.batch",
      decision: "correct",
      value: "  CP-2023 / 118  ",
    });

    expect(response.status).toBe(200);
    const after = await stored(id);
    expect(after.report.sample.batch).toBe("CP-2023 / 118");
    expect(after.row.batch).toBe("CP-2023 / 118");
    expect(after.report.review[1].resolution).toMatchObject({
      kind: "corrected",
      value: "CP-2023 / 118",
    });
    const shown = await (await view(shop, id)).json();
    expect(shown.holds.filter((h: { code: string }) => h.code === "review-item")).toEqual([]);
    expect(shown.description.id).not.toBe(descriptionId);
    expect(shown.description.html).toContain("CP-2023 / 118");

    expect((await approve(shop, id)).status).toBe(200);
    expect(harness().events.events.filter((e) => e.data.shop === shop)).toEqual([
      expect.objectContaining({ name: "lab-report/description.approved" }),
    ]);
  });

  it("an invalid value is a field error, and changes nothing", async () => {
    const shop = "review-invalid.myshopify.com";
    const { id } = await scannedReport(shop);
    const before = await stored(id);

    for (const value of ["abc", "140", "<b>x</b>"]) {
      const field = value === "<b>x</b>" ? "sample.batch" : "totals.thc";
      const response = await decide(shop, id, { field, decision: "correct", value });
      expect(response.status, value).toBe(422);
      expect((await response.json()).fieldError, value).toEqual(expect.any(String));
    }
    const unknown = await decide(shop, id, {
      field: "totals.cbd",
      decision: "correct",
      value: "1",
    });
    expect(unknown.status).toBe(409);
    expect((await stored(id)).row.report).toBe(before.row.report);
  });

  it("another shop's report is a 404, to the decision and to its page pictures", async () => {
    const owner = "review-owner.myshopify.com";
    const intruder = "review-intruder.myshopify.com";
    const { id } = await scannedReport(owner);
    await harness().installShop(intruder);
    const before = await stored(id);

    expect((await decide(intruder, id, { field: "totals.thc", decision: "confirm" })).status).toBe(
      404,
    );
    expect((await picture(intruder, id, "1")).status).toBe(404);
    expect((await picture(intruder, id, "1", "0.1,0.5,0.05,0.01")).status).toBe(404);
    expect((await stored(id)).row.report).toBe(before.row.report);
    expect((await picture(owner, id, "1")).status).toBe(200);
  });

  it("serves the page, or the part around a reading, as a bounded PNG", async () => {
    const shop = "review-pictures.myshopify.com";
    const { id } = await scannedReport(shop);
    const { report } = await stored(id);
    const box = report.review[0].box;

    const whole = await picture(shop, id, "1");
    expect(whole.headers.get("content-type")).toBe("image/png");
    const full = PNG.sync.read(Buffer.from(await whole.arrayBuffer()));
    const part = await picture(shop, id, "1", [box.x, box.y, box.width, box.height].join(","));
    expect(part.status).toBe(200);
    const crop = PNG.sync.read(Buffer.from(await part.arrayBuffer()));
    expect(crop.width).toBeLessThan(full.width);
    expect(crop.height).toBeLessThan(full.height / 4);

    expect((await picture(shop, id, "2")).status).toBe(404);
    expect((await picture(shop, id, "0")).status).toBe(404);
    expect((await picture(shop, id, "1", "0.1,0.2,5,0.1")).status).toBe(404);
    expect((await picture(shop, id, "1", "1e9,0,0,0")).status).toBe(404);
  });
});
