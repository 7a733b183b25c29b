import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { adminRequest } from "../../test/shopify/requests";
import { settle, useMerchantRoutes } from "../../test/merchant-routes";
import { driveToApproval } from "../../test/drive-lab-report";

const harness = useMerchantRoutes();
let route: typeof import("./app.lab-reports.$id");

const COA = "test/fixtures/coa/01_sc-labs_cherry-punch.pdf";

beforeAll(async () => {
  route = await import("./app.lab-reports.$id");
});

/** A report as the upload leaves it: queued, with its PDF. */
async function uploadedReport(
  shop: string,
  status = "queued",
  { coa = COA, productTitle = "Cherry Punch 3.5g" } = {},
) {
  const { prisma } = harness();
  return prisma.labReport.create({
    data: {
      shop,
      productId: "gid://shopify/Product/42",
      productTitle,
      fileName: "cherry-punch.pdf",
      sha256: "00".repeat(32),
      sizeBytes: 1,
      status,
      file: { create: { bytes: readFileSync(coa) } },
    },
  });
}

async function load(shop: string, id: string) {
  const request = await adminRequest(shop, `/app/lab-reports/${id}`);
  return settle(() => route.loader({ request, params: { id }, context: {} }));
}

/** The description as the page's editor holds it. */
async function editorHtml(shop: string, id: string): Promise<string> {
  const view = await (await load(shop, id)).json();
  return view.description.html as string;
}

async function act(shop: string, id: string, fields: Record<string, string>) {
  const request = await adminRequest(shop, `/app/lab-reports/${id}`, {
    method: "POST",
    body: new URLSearchParams(fields),
  });
  return settle(() => route.action({ request, params: { id }, context: {} }));
}

describe("the report page", () => {
  it("shows a processed report's status, extracted totals and its description", async () => {
    const shop = "page-own.myshopify.com";
    await harness().installShop(shop);
    const report = await uploadedReport(shop);
    await driveToApproval(harness().prisma, shop, report.id);

    const response = await load(shop, report.id);

    expect(response.status).toBe(200);
    const view = await response.json();
    expect(view).toMatchObject({ id: report.id, status: "awaiting-approval", live: false });
    expect(view.report.lab.name).toMatch(/SC Labs/i);
    expect(view.report.totals.thc).toMatchObject({ unit: "%" });
    expect(view.description.html).toContain("<p>");
    expect(view.description.html).not.toMatch(/<script/i);
  });

  it("keeps polling while a report is queued", async () => {
    const shop = "page-queued.myshopify.com";
    await harness().installShop(shop);
    const report = await uploadedReport(shop);
    const view = await (await load(shop, report.id)).json();
    expect(view).toMatchObject({ status: "queued", live: true, report: null, description: null });
  });

  it("answers 404 for another shop's report, to the page and to every action", async () => {
    const owner = "page-owner.myshopify.com";
    const intruder = "page-intruder.myshopify.com";
    await harness().installShop(owner);
    await harness().installShop(intruder);
    const report = await uploadedReport(owner, "failed");

    expect((await load(intruder, report.id)).status).toBe(404);
    const attempts: Record<string, string>[] = [
      { intent: "approve" },
      { intent: "publish-edited", html: "<p>mine now</p>" },
      { intent: "regenerate", tone: "premium", length: "short" },
      { intent: "retry" },
      { intent: "restore" },
    ];
    for (const fields of attempts) {
      expect((await act(intruder, report.id, fields)).status, fields.intent).toBe(404);
    }
    const untouched = await harness().prisma.labReport.findUniqueOrThrow({
      where: { id: report.id },
    });
    expect(untouched.status).toBe("failed");
    expect(harness().events.events.some((e) => e.data.shop === intruder)).toBe(false);
  });

  it("approving publishes the newest version through the approval event", async () => {
    const shop = "page-approve.myshopify.com";
    await harness().installShop(shop);
    const report = await uploadedReport(shop);
    const { descriptionId } = await driveToApproval(harness().prisma, shop, report.id);

    const response = await act(shop, report.id, { intent: "approve" });

    expect(response.status).toBe(200);
    expect(harness().events.events.filter((e) => e.data.shop === shop)).toEqual([
      expect.objectContaining({
        name: "lab-report/description.approved",
        data: { reportId: report.id, shop, descriptionId },
      }),
    ]);
    const view = await (await load(shop, report.id)).json();
    expect(view.live).toBe(true);
  });

  it("an edit is sanitised, kept as the merchant's version, and that version is approved", async () => {
    const shop = "page-edit.myshopify.com";
    await harness().installShop(shop);
    const report = await uploadedReport(shop);
    await driveToApproval(harness().prisma, shop, report.id);

    const current = await editorHtml(shop, report.id);
    const html = `<p>Our own words.</p><script>alert(1)</script><p onclick="x()">Tested.</p>${current}`;
    const response = await act(shop, report.id, { intent: "publish-edited", html });

    expect(response.status).toBe(200);
    const edited = await harness().prisma.description.findFirstOrThrow({
      where: { shop, reportId: report.id, source: "merchant" },
    });
    expect(edited.html.startsWith("<p>Our own words.</p><p>Tested.</p>")).toBe(true);
    expect(edited.html).not.toMatch(/script|onclick/);
    const approval = harness().events.events.find((e) => e.data.shop === shop);
    expect(approval?.data).toMatchObject({ descriptionId: edited.id });
  });

  it("a hemp edible over the per-container limit says why it waits, and publishes only once the merchant acknowledges it", async () => {
    const shop = "page-hemp.myshopify.com";
    await harness().installShop(shop);
    const report = await uploadedReport(shop, "queued", {
      coa: "test/fixtures/coa/14_cannasafe_grape-cbd-gummies.pdf",
      productTitle: "Grape Hemp CBD Gummies",
    });
    await driveToApproval(harness().prisma, shop, report.id);

    const view = await (await load(shop, report.id)).json();
    expect(view.holds).toContainEqual(
      expect.objectContaining({ code: "hemp-thc-per-container-over-limit", acknowledge: true }),
    );

    const refused = await act(shop, report.id, { intent: "approve" });
    expect(refused.status).toBe(409);
    expect((await refused.json()).message).toMatch(/hemp limits/);
    const edited = await act(shop, report.id, {
      intent: "publish-edited",
      html: `<p>Our words.</p>${await editorHtml(shop, report.id)}`,
      acknowledged: "no",
    });
    expect(edited.status).toBe(409);
    expect((await edited.json()).message).toMatch(/hemp limits/);
    expect(harness().events.events.filter((e) => e.data.shop === shop)).toEqual([]);

    const approved = await act(shop, report.id, { intent: "approve", acknowledged: "yes" });
    expect(approved.status).toBe(200);
    expect(harness().events.events.filter((e) => e.data.shop === shop)).toHaveLength(1);
    const activity = await harness().prisma.activityLog.findFirstOrThrow({
      where: { shop, action: "lab-report.approved" },
    });
    expect(JSON.parse(activity.details ?? "{}")).toMatchObject({ hempLimitsAcknowledged: true });
  });

  it("never shows the COA link's placeholder address, and a saved edit keeps the link without publishing", async () => {
    const shop = "page-save-edit.myshopify.com";
    await harness().installShop(shop);
    const report = await uploadedReport(shop);
    await driveToApproval(harness().prisma, shop, report.id);

    const view = await (await load(shop, report.id)).json();
    expect(view.description.html).not.toContain("coa-link.invalid");
    const link = /<a href="([^"]+)">[^<]*Certificate of Analysis/.exec(view.description.html);
    expect(link?.[1]).toBe("#coa-pdf");

    const html = `<p>Our own words.</p>\n${view.description.html}`;
    const response = await act(shop, report.id, { intent: "save-edit", html });

    expect(response.status).toBe(200);
    const saved = await harness().prisma.description.findFirstOrThrow({
      where: { shop, reportId: report.id, source: "merchant" },
    });
    expect(saved.html).toContain('href="https://coa-link.invalid/pending"');
    expect(harness().events.events.filter((e) => e.data.shop === shop)).toEqual([]);
    expect((await (await load(shop, report.id)).json()).status).toBe("awaiting-approval");
  });

  it("rewriting in another tone adds a new version and leaves the run waiting", async () => {
    const shop = "page-rewrite.myshopify.com";
    await harness().installShop(shop);
    const report = await uploadedReport(shop);
    await driveToApproval(harness().prisma, shop, report.id);

    const response = await act(shop, report.id, {
      intent: "regenerate",
      tone: "clinical",
      length: "short",
    });

    expect(response.status).toBe(200);
    const versions = await harness().prisma.description.findMany({
      where: { shop, reportId: report.id },
      orderBy: { version: "asc" },
    });
    expect(versions.map((v) => v.version)).toEqual([1, 2]);
    expect(versions[1]?.html).not.toBe(versions[0]?.html);
    const view = await (await load(shop, report.id)).json();
    expect(view).toMatchObject({ status: "awaiting-approval", description: { version: 2 } });
  });

  it("retrying a failed report queues the next attempt; a queued one cannot be retried", async () => {
    const shop = "page-retry.myshopify.com";
    await harness().installShop(shop);
    const failed = await uploadedReport(shop, "failed");
    const queued = await uploadedReport(shop, "queued");

    expect((await act(shop, failed.id, { intent: "retry" })).status).toBe(200);
    expect((await act(shop, queued.id, { intent: "retry" })).status).toBe(409);

    expect(harness().events.events.filter((e) => e.data.shop === shop)).toEqual([
      expect.objectContaining({
        name: "lab-report/pdf.uploaded",
        data: { reportId: failed.id, shop, attempt: 2 },
      }),
    ]);
    const row = await harness().prisma.labReport.findUniqueOrThrow({ where: { id: failed.id } });
    expect(row).toMatchObject({ status: "queued", errorMessage: null });
  });

  it("a report stuck in the queue (no run took it up) can be retried, as the next attempt", async () => {
    const shop = "page-retry-stale.myshopify.com";
    await harness().installShop(shop);
    const stuck = await uploadedReport(shop, "queued");
    const sixteenMinutesAgo = new Date(Date.now() - 16 * 60_000);
    await harness().prisma.labReport.update({
      where: { id: stuck.id },
      data: { queuedAt: sixteenMinutesAgo },
    });
    expect(await (await load(shop, stuck.id)).json()).toMatchObject({ stale: true, live: true });

    expect((await act(shop, stuck.id, { intent: "retry" })).status).toBe(200);

    expect(harness().events.events.filter((e) => e.data.shop === shop)).toEqual([
      expect.objectContaining({
        name: "lab-report/pdf.uploaded",
        id: `${stuck.id}:attempt-2`,
        data: { reportId: stuck.id, shop, attempt: 2 },
      }),
    ]);
    const row = await harness().prisma.labReport.findUniqueOrThrow({ where: { id: stuck.id } });
    expect(row.status).toBe("queued");
    expect(row.queuedAt.getTime()).toBeGreaterThan(sixteenMinutesAgo.getTime());
    const view = await (await load(shop, stuck.id)).json();
    expect(view).toMatchObject({ status: "queued", stale: false });
  });
});
