import { readFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { createPipelineDeps } from "~/composition/process-lab-report-adapters.server";
import { extractLabReportStep } from "~/inngest/process-lab-report-steps";
import { adminRequest } from "../../test/shopify/requests";
import { settle, useMerchantRoutes } from "../../test/merchant-routes";
import { streamedInit, streamedMultipart, unreadBody } from "../../test/http/streamed-body";
import { textPdf } from "../../test/pdf-builder";

// A limit well above the fixture COAs (≤ 0.9 MB) and small enough to exceed cheaply.
const MAX = 1024 * 1024;
const harness = useMerchantRoutes({ COA_MAX_BYTES: String(MAX) });
let route: typeof import("./app.lab-reports.new");

const COA = "test/fixtures/coa/01_sc-labs_cherry-punch.pdf";
const PRODUCT = "gid://shopify/Product/7001";

beforeAll(async () => {
  route = await import("./app.lab-reports.new");
});

async function upload(
  shop: string,
  file: { bytes: Uint8Array; name: string } | null,
  productId: string | null = PRODUCT,
) {
  const form = new FormData();
  if (productId) form.set("productId", productId);
  form.set("productTitle", "Cherry Punch 3.5g");
  if (file)
    form.set("file", new File([Buffer.from(file.bytes)], file.name, { type: "application/pdf" }));
  const request = await adminRequest(shop, "/app/lab-reports/new", { method: "POST", body: form });
  return settle(() => route.action({ request, params: {}, context: {} }));
}

/** Posts a body that streams in without Content-Length. */
async function post(shop: string, body: ReadableStream<Uint8Array>, contentType: string) {
  const request = await adminRequest(shop, "/app/lab-reports/new", streamedInit(body, contentType));
  return settle(() => route.action({ request, params: {}, context: {} }));
}

/** Reports the shop has uploaded this month already (the free plan includes 3). */
async function usedReports(shop: string, count: number) {
  for (let i = 0; i < count; i++) {
    await harness().prisma.labReport.create({
      data: { shop, fileName: `c${i}.pdf`, sha256: String(i).padStart(64, "0"), sizeBytes: 1 },
    });
  }
}

async function storedFor(shop: string) {
  const { prisma } = harness();
  return {
    reports: await prisma.labReport.count({ where: { shop } }),
    files: await prisma.labReportFile.count({ where: { shop } }),
  };
}

describe("uploading a COA", () => {
  it("stores the PDF and a queued report in one go, queues it by event and opens the report page", async () => {
    const shop = "upload-ok.myshopify.com";
    await harness().installShop(shop);
    const bytes = new Uint8Array(readFileSync(COA));

    const response = await upload(shop, { bytes, name: "cherry-punch.pdf" });

    expect(response.status).toBe(302);
    const report = await harness().prisma.labReport.findFirstOrThrow({
      where: { shop },
      include: { file: true },
    });
    expect(response.headers.get("location")).toBe(`/app/lab-reports/${report.id}?uploaded=1`);
    expect(report).toMatchObject({
      status: "queued",
      productId: PRODUCT,
      productTitle: "Cherry Punch 3.5g",
      fileName: "cherry-punch.pdf",
      sizeBytes: bytes.length,
      sha256: createHash("sha256").update(bytes).digest("hex"),
    });
    expect(report.pageCount).toBeGreaterThan(0);
    expect(Buffer.from(report.file?.bytes ?? []).equals(Buffer.from(bytes))).toBe(true);

    const sent = harness().events.events.filter((e) => e.data.shop === shop);
    expect(sent).toEqual([
      {
        name: "lab-report/pdf.uploaded",
        id: report.id,
        data: { reportId: report.id, shop, attempt: 1 },
        ts: expect.any(Number),
      },
    ]);
  });

  it("refuses a file that is not a PDF though named .pdf, says so, and stores nothing", async () => {
    const shop = "upload-fake.myshopify.com";
    await harness().installShop(shop);
    const bytes = new TextEncoder().encode("PK\u0003\u0004 this is a zip archive renamed to .pdf");

    const response = await upload(shop, { bytes, name: "coa.pdf" });

    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({
      ok: false,
      field: "file",
      message: expect.stringMatching(/not a PDF/),
    });
    expect(await storedFor(shop)).toEqual({ reports: 0, files: 0 });
    expect(harness().events.events.some((e) => e.data.shop === shop)).toBe(false);
  });

  it("refuses a file over the size limit and stores nothing", async () => {
    const shop = "upload-big.myshopify.com";
    await harness().installShop(shop);
    const bytes = new Uint8Array(1024 * 1024 + 1);
    bytes.set(new TextEncoder().encode("%PDF-1.7\n"));

    const response = await upload(shop, { bytes, name: "huge.pdf" });

    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({
      field: "file",
      message: expect.stringMatching(/larger than 1 MB/),
    });
    expect(await storedFor(shop)).toEqual({ reports: 0, files: 0 });
  });

  it("takes a password-protected PDF without opening it; the reader refuses it, free of charge", async () => {
    const shop = "upload-locked.myshopify.com";
    await harness().installShop(shop);
    const bytes = new Uint8Array(readFileSync("test/fixtures/user-password-encrypted.pdf"));

    // The page tree is readable without the password, so the upload counts its pages.
    const response = await upload(shop, { bytes, name: "locked.pdf" });
    expect(response.status).toBe(302);
    const report = await harness().prisma.labReport.findFirstOrThrow({ where: { shop } });
    expect(report.pageCount).toBeGreaterThan(0);

    const deps = createPipelineDeps({
      db: harness().prisma,
      adminFor: () => Promise.reject(new Error("Publishing is not part of this test")),
    });
    // The reader's step stores the reason, then stops the run without retries.
    await expect(extractLabReportStep(deps, shop, report.id)).rejects.toThrow(/password/);
    const failed = await harness().prisma.labReport.findUniqueOrThrow({ where: { id: report.id } });
    expect(failed).toMatchObject({ status: "failed", errorCode: "encrypted-pdf" });
    expect(failed.errorMessage).toMatch(/password/);
    const page = await settle(async () =>
      route.loader({
        request: await adminRequest(shop, "/app/lab-reports/new"),
        params: {},
        context: {},
      }),
    );
    expect((await page.json()).allowance).toMatchObject({ limit: 3, remaining: 3 });
  });

  it("refuses a PDF whose page tree declares more pages than the limit, unread, and stores nothing", async () => {
    const shop = "upload-many-pages.myshopify.com";
    await harness().installShop(shop);
    const pages = Array.from({ length: 41 }, (_, i) => [`Page ${i + 1}`]);

    const response = await upload(shop, { bytes: textPdf(pages), name: "book.pdf" });

    expect(response.status).toBe(422);
    expect((await response.json()).message).toMatch(/more pages .*\(41 pages; the limit is 40\)/);
    expect(await storedFor(shop)).toEqual({ reports: 0, files: 0 });
  });

  it("asks for a product when none was chosen and stores nothing", async () => {
    const shop = "upload-noproduct.myshopify.com";
    await harness().installShop(shop);
    const bytes = new Uint8Array(readFileSync(COA));

    const response = await upload(shop, { bytes, name: "coa.pdf" }, null);

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      field: "product",
      message: "Choose a product first.",
    });
    expect(await storedFor(shop)).toEqual({ reports: 0, files: 0 });
  });

  it("keeps the upload when the queue is down, and the report says to press Retry", async () => {
    const shop = "upload-queue-down.myshopify.com";
    await harness().installShop(shop);
    harness().events.failNext(20);
    try {
      const response = await upload(shop, {
        bytes: new Uint8Array(readFileSync(COA)),
        name: "c.pdf",
      });
      expect(response.status).toBe(302);
    } finally {
      harness().events.failNext(0);
    }
    const report = await harness().prisma.labReport.findFirstOrThrow({ where: { shop } });
    expect(report).toMatchObject({ status: "failed", errorCode: "queue-unavailable" });
    expect(report.errorMessage).toMatch(/Retry/);
  });

  it("offers the earlier report when the same COA is uploaded again, stores nothing and counts nothing", async () => {
    const shop = "upload-duplicate.myshopify.com";
    await harness().installShop(shop);
    const bytes = new Uint8Array(readFileSync(COA));
    const first = await upload(shop, { bytes, name: "first.pdf" });
    const firstId = first.headers.get("location")?.split("/").at(-1)?.split("?")[0];

    const again = await upload(shop, { bytes, name: "renamed-copy.pdf" });

    expect(again.status).toBe(409);
    const body = await again.json();
    expect(body.duplicate).toMatchObject({ reportId: firstId, productTitle: "Cherry Punch 3.5g" });
    expect(body.message).toMatch(/uploaded this COA before/);
    expect(await storedFor(shop)).toEqual({ reports: 1, files: 1 });
  });

  it("tells a shop whose plan is used up so without reading the body, and stores nothing", async () => {
    const shop = "upload-at-limit.myshopify.com";
    await harness().installShop(shop);
    await usedReports(shop, 3);
    const { body, wasRead } = unreadBody();

    const response = await post(shop, body, "multipart/form-data; boundary=unread");

    expect(response.status).toBe(402);
    expect((await response.json()).message).toMatch(/used all 3 lab reports of the Free plan/);
    expect(wasRead()).toBe(false);
    expect(await storedFor(shop)).toEqual({ reports: 3, files: 0 });
  });

  it("lets exactly one of five parallel uploads take the plan's last report", async () => {
    const shop = "upload-last-slot.myshopify.com";
    await harness().installShop(shop);
    await usedReports(shop, 2);
    const coa = readFileSync(COA);
    // Five different files (a comment after %%EOF changes the hash, not the document).
    const copies = Array.from({ length: 5 }, (_, i) =>
      Buffer.concat([coa, Buffer.from(`\n% copy ${i}\n`)]),
    );

    const responses = await Promise.all(
      copies.map((bytes, i) => upload(shop, { bytes, name: `copy-${i}.pdf` })),
    );

    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([302, 402, 402, 402, 402]);
    expect(await storedFor(shop)).toEqual({ reports: 3, files: 1 });
  });

  it("stops a streamed body of 40 parts of 1 MB, without Content-Length, as soon as a limit passes", async () => {
    const shop = "upload-many-parts.myshopify.com";
    await harness().installShop(shop);
    const sent = streamedMultipart([
      { name: "productId", bytes: new TextEncoder().encode(PRODUCT) },
      ...Array.from({ length: 40 }, (_, i) => ({
        name: `file${i}`,
        filename: `${i}.pdf`,
        size: MAX,
      })),
    ]);

    const response = await post(shop, sent.body, sent.contentType);

    expect([400, 413]).toContain(response.status);
    expect((await response.json()).message).toMatch(/one COA PDF per upload|larger than 1 MB/);
    expect(sent.totalBytes).toBeGreaterThan(40 * MAX);
    expect(sent.bytesPulled()).toBeLessThan(MAX + 128 * 1024);
    expect(await storedFor(shop)).toEqual({ reports: 0, files: 0 });
  });

  it("stops a streamed file over the limit, without Content-Length, and stores nothing", async () => {
    const shop = "upload-streamed-big.myshopify.com";
    await harness().installShop(shop);
    const sent = streamedMultipart([
      { name: "productId", bytes: new TextEncoder().encode(PRODUCT) },
      { name: "file", filename: "huge.pdf", type: "application/pdf", size: 25 * MAX },
    ]);

    const response = await post(shop, sent.body, sent.contentType);

    expect(response.status).toBe(413);
    expect((await response.json()).message).toMatch(/larger than 1 MB/);
    expect(sent.bytesPulled()).toBeLessThan(MAX + 128 * 1024);
    expect(await storedFor(shop)).toEqual({ reports: 0, files: 0 });
  });

  it("refuses a form of many small parts with 400", async () => {
    const shop = "upload-tiny-parts.myshopify.com";
    await harness().installShop(shop);
    const sent = streamedMultipart(
      Array.from({ length: 100 }, (_, i) => ({ name: `f${i}`, bytes: new Uint8Array([0x61]) })),
    );

    const response = await post(shop, sent.body, sent.contentType);

    expect(response.status).toBe(400);
    expect((await response.json()).message).toMatch(/at most 8 parts/);
  });

  it("does not count a report that failed against the plan's allowance", async () => {
    const shop = "upload-failed-free.myshopify.com";
    await harness().installShop(shop);
    const { prisma } = harness();
    for (let i = 0; i < 3; i++) {
      await prisma.labReport.create({
        data: {
          shop,
          fileName: `broken-${i}.pdf`,
          sha256: String(i).padStart(64, "0"),
          sizeBytes: 1,
          status: "failed",
          errorCode: "unreadable-layout",
        },
      });
    }

    const response = await upload(shop, {
      bytes: new Uint8Array(readFileSync(COA)),
      name: "c.pdf",
    });

    expect(response.status).toBe(302);
  });
});
