import jsQR from "jsqr";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLabReport, moveLabReport, storeExtractedReport } from "~/models/lab-report.server";
import { flowerReport } from "../../test/writer-test-reports";
import { installShopifyAdminDouble } from "../../test/doubles/shopify-admin";
import { adminRequest } from "../../test/shopify/requests";
import { settle, useMerchantRoutes } from "../../test/merchant-routes";

// A package's QR code must open that batch's lookup page on the shop's own domain: decoded here
// from the very bytes the merchant downloads, as a phone camera would read them.
const SHOP = "qr-codes.myshopify.com";
const harness = useMerchantRoutes();
installShopifyAdminDouble(
  { beforeAll, afterAll },
  { shop: SHOP, primaryDomainUrl: "https://www.orchard-dispensary.example" },
);
let qrRoute: typeof import("~/routes/app.lab-reports.$id.qr");
let sheetRoute: typeof import("~/routes/app.qr-labels");

beforeAll(async () => {
  qrRoute = await import("~/routes/app.lab-reports.$id.qr");
  sheetRoute = await import("~/routes/app.qr-labels");
  await harness().installShop(SHOP);
});

async function publishedReport(batch: string | null, productTitle = "Orchard Haze 3.5g") {
  const { prisma } = harness();
  const report = flowerReport();
  report.sample.batch = batch;
  const row = await createLabReport(prisma, {
    shop: SHOP,
    fileName: "coa.pdf",
    sha256: `sha-${batch}-${productTitle}`,
    sizeBytes: 1,
    productTitle,
    bytes: new Uint8Array([1]),
  });
  await storeExtractedReport(prisma, SHOP, row.id, { report });
  for (const to of ["extracting", "writing", "publishing", "published"] as const) {
    await moveLabReport(prisma, SHOP, row.id, to);
  }
  return row.id;
}

async function download(id: string, format: string, shop = SHOP) {
  const request = await adminRequest(shop, `/app/lab-reports/${id}/qr?format=${format}`);
  return settle(() => qrRoute.loader({ request, params: { id }, context: {} }));
}

/** Decodes a PNG with jsQR (RGBA pixels, as a camera frame). */
function decodePng(bytes: Uint8Array): string | null {
  const png = PNG.sync.read(Buffer.from(bytes));
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data ?? null;
}

/**
 * Paints an SVG from `qrcode` (one stroked path of horizontal runs: "M x y.5 h n", relative "m dx dy")
 * into pixels, `scale` per module, and decodes it with jsQR.
 */
function decodeSvg(svg: string, scale = 8): string | null {
  const size = Number(/viewBox="0 0 (\d+) \1"/.exec(svg)?.[1]);
  const d = /<path stroke="#000000" d="([^"]+)"/.exec(svg)?.[1];
  if (!size || !d) return null;
  const px = size * scale;
  const rgba = new Uint8ClampedArray(px * px * 4).fill(255);
  let x = 0;
  let y = 0;
  for (const [, command, args] of d.matchAll(/([MmHhVv])([^MmHhVv]*)/g)) {
    const n = (args ?? "")
      .trim()
      .split(/[\s,]+/)
      .filter(Boolean)
      .map(Number);
    if (command === "M") [x, y] = [n[0] ?? 0, n[1] ?? 0];
    else if (command === "m") [x, y] = [x + (n[0] ?? 0), y + (n[1] ?? 0)];
    else if (command === "h") {
      const row = Math.floor(y);
      for (let col = x; col < x + (n[0] ?? 0); col++) {
        for (let dy = 0; dy < scale; dy++)
          for (let dx = 0; dx < scale; dx++) {
            const i = ((row * scale + dy) * px + (col * scale + dx)) * 4;
            rgba[i] = rgba[i + 1] = rgba[i + 2] = 0;
          }
      }
      x += n[0] ?? 0;
    } else throw new Error(`unexpected SVG path command ${command}`);
  }
  return jsQR(rgba, px, px)?.data ?? null;
}

describe("QR codes for a batch's lookup page", () => {
  it("downloads a PNG that decodes to the batch's page on the shop's primary domain", async () => {
    const id = await publishedReport("OH-2024-118");
    const response = await download(id, "png");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/png");
    expect(response.headers.get("content-disposition")).toBe(
      'attachment; filename="qr-batch-OH-2024-118.png"',
    );
    const decoded = decodePng(new Uint8Array(await response.arrayBuffer()));
    expect(decoded).toBe("https://www.orchard-dispensary.example/apps/lab/OH-2024-118");
  });

  it("downloads an SVG that decodes to the same page, with a batch that needs escaping in a URL", async () => {
    const id = await publishedReport("LOT 7/B#2");
    const response = await download(id, "svg");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/svg+xml");
    const decoded = decodeSvg(await response.text());
    expect(decoded).toBe("https://www.orchard-dispensary.example/apps/lab/LOT%207%2FB%232");
  });

  it("has no code for a COA without a batch number, and none for another shop's report", async () => {
    const id = await publishedReport(null, "No batch printed");
    expect((await download(id, "png")).status).toBe(409);
    const other = "qr-codes-other.myshopify.com";
    await harness().installShop(other);
    expect((await download(id, "png", other)).status).toBe(404);
  });

  it("prints a sheet of label-sized codes, one per published batch, each decoding to its page", async () => {
    const a = await publishedReport("SHEET-A", "Gummies 10 mg");
    const b = await publishedReport("SHEET-B", "Tincture 30 ml");
    const request = await adminRequest(SHOP, `/app/qr-labels?id=${a}&id=${b}`);
    const response = await settle(() => sheetRoute.loader({ request, params: {}, context: {} }));
    expect(response.status).toBe(200);
    const html = await response.text();
    const svgs = [...html.matchAll(/<svg[\s\S]*?<\/svg>/g)].map((m) => m[0]);
    expect(svgs.map((svg) => decodeSvg(svg)).sort()).toEqual([
      "https://www.orchard-dispensary.example/apps/lab/SHEET-A",
      "https://www.orchard-dispensary.example/apps/lab/SHEET-B",
    ]);
    expect(html).toContain("Batch SHEET-A");
    expect(html).toContain("Tincture 30 ml");
    expect(html).toContain("grid-template-columns:repeat(4,1.5in)");
  });
});
