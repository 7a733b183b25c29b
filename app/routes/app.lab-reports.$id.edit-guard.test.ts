import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { adminRequest } from "../../test/shopify/requests";
import { settle, useMerchantRoutes } from "../../test/merchant-routes";
import { driveToApproval } from "../../test/drive-lab-report";

// A merchant's edit passes the same compliance guard as the writers' copy
// (docs/decisions/008-description-compliance-guard.md): a refused edit is neither stored nor
// published, and the page is told each refused phrase.
const harness = useMerchantRoutes();
let route: typeof import("./app.lab-reports.$id");

const COA = "test/fixtures/coa/01_sc-labs_cherry-punch.pdf";
const CLAIMS = "Cures anxiety and treats cancer. 99% THC, FDA approved.";
// The same claims as a shopper reads them, split by zero-width spaces, joiners and soft hyphens.
const HIDDEN_CLAIMS =
  "Cu\u200bres anx\u00adiety and tre\u200dats can\u00adcer. 99% THC, FDA\u00ad approved.";

beforeAll(async () => {
  route = await import("./app.lab-reports.$id");
});

async function reportAwaitingApproval(shop: string) {
  await harness().installShop(shop);
  const report = await harness().prisma.labReport.create({
    data: {
      shop,
      productId: "gid://shopify/Product/42",
      productTitle: "Cherry Punch 3.5g",
      fileName: "cherry-punch.pdf",
      sha256: "00".repeat(32),
      sizeBytes: 1,
      status: "queued",
      file: { create: { bytes: readFileSync(COA) } },
    },
  });
  await driveToApproval(harness().prisma, shop, report.id);
  const view = await (await load(shop, report.id)).json();
  return { id: report.id, html: view.description.html as string };
}

async function load(shop: string, id: string) {
  const request = await adminRequest(shop, `/app/lab-reports/${id}`);
  return settle(() => route.loader({ request, params: { id }, context: {} }));
}

async function act(shop: string, id: string, fields: Record<string, string>) {
  const request = await adminRequest(shop, `/app/lab-reports/${id}`, {
    method: "POST",
    body: new URLSearchParams(fields),
  });
  return settle(() => route.action({ request, params: { id }, context: {} }));
}

async function merchantVersions(shop: string, reportId: string) {
  return harness().prisma.description.count({ where: { shop, reportId, source: "merchant" } });
}

describe("a merchant's edit and the compliance guard", () => {
  for (const [name, claims] of [
    ["plainly", CLAIMS],
    ["hidden by invisible characters", HIDDEN_CLAIMS],
  ] as const) {
    it(`an edit making health claims ${name} is not stored, not published, and each refused phrase is named`, async () => {
      const shop = `edit-guard-${name.split(" ")[0]}.myshopify.com`;
      const report = await reportAwaitingApproval(shop);
      const html = `<p>${claims}</p>${report.html}`;

      for (const intent of ["publish-edited", "save-edit"]) {
        const response = await act(shop, report.id, { intent, html, acknowledged: "yes" });

        expect(response.status, intent).toBe(409);
        const body = await response.json();
        expect(body.ok).toBe(false);
        const refused = (body.refusals as string[]).join("\n");
        for (const phrase of ['"Cures"', '"anxiety"', '"treats"', '"cancer"', '"99%"']) {
          expect(refused, `${intent}: ${phrase}`).toContain(phrase);
        }
        expect(refused).toMatch(/"FDA approved" makes an? FDA approved claim/);
      }
      expect(await merchantVersions(shop, report.id)).toBe(0);
      expect(harness().events.events.filter((e) => e.data.shop === shop)).toEqual([]);
      const row = await harness().prisma.labReport.findUniqueOrThrow({ where: { id: report.id } });
      expect(row).toMatchObject({ status: "awaiting-approval", approvedAt: null });
    });
  }

  it("an edit that drops the lab's name is refused and says what it must still state", async () => {
    const shop = "edit-guard-dropped.myshopify.com";
    const report = await reportAwaitingApproval(shop);
    const html = report.html.replace(/SC Labs/gi, "a lab");

    const response = await act(shop, report.id, { intent: "save-edit", html });

    expect(response.status).toBe(409);
    expect((await response.json()).refusals).toContainEqual(
      expect.stringMatching(/^It must still state the lab name "SC Labs/i),
    );
    expect(await merchantVersions(shop, report.id)).toBe(0);
  });

  it("an edit the guard accepts is stored as the merchant's version and approved", async () => {
    const shop = "edit-guard-clean.myshopify.com";
    const report = await reportAwaitingApproval(shop);
    const html = `<p>Grown slowly, cured for six weeks.</p>${report.html}`;

    const response = await act(shop, report.id, { intent: "publish-edited", html });

    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, refusals: [] });
    expect(await merchantVersions(shop, report.id)).toBe(1);
    expect(harness().events.events.filter((e) => e.data.shop === shop)).toHaveLength(1);
  });
});
