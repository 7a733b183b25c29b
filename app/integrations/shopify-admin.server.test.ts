import { COA_URL_PLACEHOLDER } from "~/pipeline/compliance-guard";
import { readFileSync } from "node:fs";
import "@shopify/shopify-api/adapters/node";
import { ApiVersion, LogSeverity, Session, shopifyApi } from "@shopify/shopify-api";
import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { emptyLabReport, type LabReport } from "~/pipeline/lab-report";
import { installShopifyAdminDouble } from "../../test/doubles/shopify-admin";
import {
  onShopifyThrottle,
  retryAfterFromCost,
  ShopifyThrottledError,
  ShopifyUnavailableError,
  type AdminGraphql,
} from "./shopify-admin-client.server";
import { publishLabReport, type PreviousProduct } from "~/pipeline/publish-lab-report";
import type { PublishableDescription } from "~/pipeline/publish-plan";
import { ShopifyFileNotReadyError, type UploadOptions } from "./shopify-admin-files.server";
import { ensureLabResultsDefinitions } from "./shopify-admin-metafields.server";
import { createShopifyPublishingPort } from "./shopify-publishing.server";

// The node adapter keeps the fetch it saw at import; look it up per call so msw's patch is used.
setAbstractFetchFunc((...args: Parameters<typeof fetch>) => globalThis.fetch(...args));

const SHOP = "heady-test.myshopify.com";
const getDouble = installShopifyAdminDouble({ beforeAll, afterAll }, { shop: SHOP, appId: "777" });

const api = shopifyApi({
  apiKey: "test-api-key",
  apiSecretKey: "test-api-secret",
  hostName: "heady-lab-results.test",
  apiVersion: ApiVersion.October26,
  isEmbeddedApp: true,
  logger: { level: LogSeverity.Error, log: async () => {} },
});

/** The real shopify-api client, wrapped the way shopify-app-remix builds `admin.graphql`. */
function adminGraphql(): AdminGraphql {
  const session = new Session({
    id: `offline_${SHOP}`,
    shop: SHOP,
    state: "",
    isOnline: false,
    accessToken: "shpat_test_token",
  });
  const client = new api.clients.Graphql({ session });
  return async (query, options) => {
    const response = await client.request(query, { variables: options?.variables, retries: 0 });
    return new Response(JSON.stringify(response));
  };
}

// Real bytes of a corpus COA, as a merchant would upload them.
const COA_BYTES = new Uint8Array(
  readFileSync(new URL("../../test/fixtures/coa/01_sc-labs_cherry-punch.pdf", import.meta.url)),
);

function report(): LabReport {
  const r = emptyLabReport();
  r.lab.name = "Example Analytical Lab";
  r.sample.batch = "B-2291";
  r.sample.dateTested = "2026-03-04";
  r.totals.thc = { value: 23.81, unit: "%", qualifier: null, source: "printed" };
  r.totals.cbd = { value: null, unit: "%", qualifier: "ND", source: "printed" };
  r.safety = { overall: "pass", panels: [{ panel: "pesticides", status: "pass" }] };
  return r;
}

const description = {
  descriptionHtml: "<p>Tested by Example Analytical Lab, batch B-2291.</p><script>x()</script>",
  seoTitle: "Test Flower — lab tested",
  seoDescription: "Total THC 23.81%, pesticides passed.",
};

const noWait = { sleep: async () => {} };

/** The pipeline's publishLabReport over this adapter, as the publish-lab-report step runs it. */
async function publish(input: {
  admin: AdminGraphql;
  productId: string;
  description: PublishableDescription;
  report: LabReport;
  coaFile?: { fileName: string; bytes: Uint8Array };
  upload?: UploadOptions;
}) {
  const kept: PreviousProduct[] = [];
  const result = await publishLabReport(
    {
      productId: input.productId,
      variantIds: [],
      report: input.report,
      description: input.description,
      coaFile: input.coaFile ?? null,
      coaFileId: null,
    },
    createShopifyPublishingPort(input.admin, input.upload),
    {
      keepPrevious: async (previous) => {
        kept.push(previous);
        return kept[0]?.labData ?? previous.labData;
      },
      keepCoaFileId: async () => {},
    },
  );
  return Object.assign(result, { kept });
}

describe("publishing a lab report to a Shopify product", () => {
  let productId: string;
  beforeEach(() => {
    productId = getDouble().addProduct({
      title: "Test Flower",
      descriptionHtml: "<p>The merchant's own words.</p>",
      seo: { title: "Old title", description: "Old description" },
    }).id;
  });

  it("updates the product, sets app-owned metafields, stores a READY COA file and returns the previous description", async () => {
    const double = getDouble();
    const result = await publish({
      admin: adminGraphql(),
      productId,
      description: {
        ...description,
        descriptionHtml: `${description.descriptionHtml}<p><a href="${COA_URL_PLACEHOLDER}">COA</a></p>`,
      },
      report: report(),
      coaFile: { fileName: "coa-B-2291.pdf", bytes: COA_BYTES },
      upload: noWait,
    });

    expect(result.ok ? true : result).toBe(true);
    if (!result.ok) return;
    expect(result.kept.map((k) => k.description)).toEqual([
      {
        html: "<p>The merchant's own words.</p>",
        seoTitle: "Old title",
        seoDescription: "Old description",
      },
    ]);
    expect(result.descriptionChanged).toBe(true);

    const product = double.state.products.get(productId);
    // The writer's COA placeholder now points at the file Shopify stored.
    expect(result.coaFile?.url).toMatch(/^https:\/\//);
    expect(product?.descriptionHtml).toBe(
      `<p>Tested by Example Analytical Lab, batch B-2291.</p><p><a href="${result.coaFile?.url}">COA</a></p>`,
    );
    expect(product?.seo.title).toBe("Test Flower — lab tested");

    const ns = "app--777--lab_results";
    expect(double.state.metafield(productId, ns, "total_thc")?.value).toBe("23.81%");
    expect(double.state.metafield(productId, ns, "test_date")).toMatchObject({
      type: "date",
      value: "2026-03-04",
    });
    const summary = JSON.parse(double.state.metafield(productId, ns, "summary")?.value ?? "{}");
    expect(summary.panels).toEqual([{ panel: "pesticides", label: "Pesticides", status: "pass" }]);

    const file = double.state.files.get(result.coaFile?.id ?? "");
    expect(file?.status).toBe("READY");
    expect(file?.bytes).toEqual(COA_BYTES);
    expect(double.state.metafield(productId, ns, "coa_file")?.value).toBe(file?.id);
    expect(result.coaFile?.url).toMatch(/^https:\/\/cdn\.shopify\.com\//);

    const storefrontReadable = double.state.definitions.filter(
      (d) => d.namespace === ns && d.storefrontAccess === "PUBLIC_READ",
    );
    expect(storefrontReadable.map((d) => d.key).sort()).toContain("coa_file");
    expect(double.operationNames()).toContain("LabResultsFileStatus");
  });

  it("uploads with PUT to a signed URL when asked to, and the file still becomes READY", async () => {
    const result = await publish({
      admin: adminGraphql(),
      productId,
      description,
      report: report(),
      coaFile: { fileName: "coa.pdf", bytes: COA_BYTES },
      upload: { uploadMethod: "PUT", ...noWait },
    });
    expect(result.ok && getDouble().state.files.get(result.coaFile?.id ?? "")?.status).toBe(
      "READY",
    );
  });

  it("surfaces Shopify's userErrors as a value naming the step, with the description not yet changed", async () => {
    const double = getDouble();
    double.userErrorsNext("metafieldsSet", [
      { field: ["metafields", "0", "value"], message: "Value is invalid", code: "INVALID_VALUE" },
    ]);
    const result = await publish({
      admin: adminGraphql(),
      productId,
      description,
      report: report(),
    });
    expect(result).toMatchObject({
      ok: false,
      step: "set-metafields",
      userErrors: [
        { field: ["metafields", "0", "value"], message: "Value is invalid", code: "INVALID_VALUE" },
      ],
    });
    expect(double.state.metafield(productId, "$app:lab_results", "batch")).toBeUndefined();
    expect(double.state.products.get(productId)?.descriptionHtml).toBe(
      "<p>The merchant's own words.</p>",
    );
  });

  it("changes the description last, and a refused description puts the lab data back as it was", async () => {
    const double = getDouble();
    const operationsBefore = double.operations.length;
    double.userErrorsNext("productUpdate", [
      { field: ["product", "descriptionHtml"], message: "Description is too long" },
    ]);
    const result = await publish({
      admin: adminGraphql(),
      productId,
      description,
      report: report(),
    });
    expect(result).toMatchObject({
      ok: false,
      step: "update-description",
      userErrors: [
        { field: ["product", "descriptionHtml"], message: "Description is too long", code: null },
      ],
      undone: true,
    });
    // The lab data first (set, and keys without a value removed), the description last, then the
    // lab data removed again (the product had none).
    const order = double
      .operationNames()
      .slice(operationsBefore)
      .filter((n) => /^LabResults(MetafieldsSet|ProductUpdate|MetafieldsDelete)$/.test(n ?? ""));
    expect(order).toEqual([
      "LabResultsMetafieldsSet",
      "LabResultsMetafieldsDelete",
      "LabResultsProductUpdate",
      "LabResultsMetafieldsDelete",
    ]);
    expect(double.state.metafield(productId, "$app:lab_results", "batch")).toBeUndefined();
    expect(double.state.products.get(productId)?.descriptionHtml).toBe(
      "<p>The merchant's own words.</p>",
    );
  });

  it("reports a product deleted in Shopify as a value, not a crash", async () => {
    const result = await publish({
      admin: adminGraphql(),
      productId: "gid://shopify/Product/999999",
      description,
      report: report(),
    });
    expect(result).toMatchObject({ ok: false, step: "read-product" });
  });

  it("turns THROTTLED into ShopifyThrottledError with the wait the cost extension implies, and tells the throttle listeners", async () => {
    getDouble().failNext(
      { kind: "throttled", requestedQueryCost: 502, currentlyAvailable: 102, restoreRate: 50 },
      "LabResultsProductUpdate",
    );
    const heard: number[] = [];
    const stopListening = onShopifyThrottle((throttle) => heard.push(throttle.retryAfterMs));
    const error = await publish({
      admin: adminGraphql(),
      productId,
      description,
      report: report(),
    })
      .catch((e: unknown) => e)
      .finally(stopListening);
    expect(error).toBeInstanceOf(ShopifyThrottledError);
    expect(heard).toEqual([8000]);
    // (502 − 102) / 50 per second = 8 s
    expect((error as ShopifyThrottledError).retryAfterMs).toBe(8000);
    expect((error as ShopifyThrottledError).cost?.throttleStatus.currentlyAvailable).toBe(102);
  });

  it("turns a 5xx answer into ShopifyUnavailableError", async () => {
    getDouble().failNext({ kind: "status", status: 503 });
    const error = await publish({
      admin: adminGraphql(),
      productId,
      description,
      report: report(),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ShopifyUnavailableError);
    expect((error as ShopifyUnavailableError).status).toBe(503);
  });

  it("gives up polling a file that never finishes processing, with a retriable error", async () => {
    const error = await publish({
      admin: adminGraphql(),
      productId,
      description,
      report: report(),
      coaFile: { fileName: "slow.pdf", bytes: COA_BYTES },
      upload: { maxPolls: 1, ...noWait },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ShopifyFileNotReadyError);
  });

  it("removes a previous report's batch when the new report has none", async () => {
    const double = getDouble();
    const admin = adminGraphql();
    await publish({ admin, productId, description, report: report() });
    const second = report();
    second.sample.batch = null;
    const result = await publish({ admin, productId, description, report: second });
    expect(result.ok).toBe(true);
    expect(double.state.metafield(productId, "$app:lab_results", "batch")).toBeUndefined();
    expect(double.state.metafield(productId, "$app:lab_results", "total_thc")?.value).toBe(
      "23.81%",
    );
  });
});

describe("metafield definitions", () => {
  it("are created once; running again creates nothing and TAKEN counts as success", async () => {
    const double = getDouble();
    double.state.definitions.splice(0);
    const admin = adminGraphql();
    const first = await ensureLabResultsDefinitions(admin);
    const again = await ensureLabResultsDefinitions(admin);
    expect(first).toMatchObject({ ok: true });
    expect(first.ok && first.value.created.length).toBe(double.state.definitions.length);
    expect(again).toEqual({ ok: true, value: { created: [] } });

    // Another worker created "summary" between our read and our create: Shopify answers TAKEN.
    double.state.definitions.splice(0);
    double.userErrorsNext("metafieldDefinitionCreate", [
      { field: ["definition", "key"], message: "Key is in use", code: "TAKEN" },
    ]);
    const raced = await ensureLabResultsDefinitions(admin);
    expect(raced.ok).toBe(true);
  });
});

describe("throttle arithmetic", () => {
  it("never asks to wait less than a second, even when the bucket already has room", () => {
    const cost = {
      requestedQueryCost: 10,
      throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 500, restoreRate: 100 },
    };
    expect(retryAfterFromCost(cost)).toBe(1000);
  });
});
