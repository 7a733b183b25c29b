import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installShopifyAdminDouble } from "../../test/doubles/shopify-admin";
import { declaredFlowTriggers } from "../../test/doubles/shopify-admin-metaobjects";
import type { AdminGraphql } from "./shopify-admin-client.server";
import { FLOW_TRIGGER_PAYLOADS, numericId, sendFlowTrigger } from "./shopify-admin-flow.server";

const double = installShopifyAdminDouble({ beforeAll, afterAll }, { shop: "flow.myshopify.com" });
const admin: AdminGraphql = (query, options) =>
  fetch(double().apiUrl, {
    method: "POST",
    headers: { "content-type": "application/json", "x-shopify-access-token": "shpat_test" },
    body: JSON.stringify({ query, variables: options?.variables ?? {} }),
  });

describe("Shopify Flow triggers", () => {
  it("sends exactly the fields each declared trigger extension expects", () => {
    const declared = declaredFlowTriggers();
    expect(Object.keys(declared).sort()).toEqual(Object.keys(FLOW_TRIGGER_PAYLOADS).sort());
    for (const [handle, schema] of Object.entries(FLOW_TRIGGER_PAYLOADS)) {
      expect(Object.keys(schema.shape).sort()).toEqual([...(declared[handle] ?? [])].sort());
    }
  });

  it("delivers a 'COA stale' run with the product's numeric id", async () => {
    const result = await sendFlowTrigger(admin, "coa-stale", {
      product_id: numericId("gid://shopify/Product/8800001"),
      batch: "OH-2024-118",
      freshness: "stale",
      "stale on": "2025-03-05",
      "variant ids": "",
      "lookup url": "https://shop.example/apps/lab/OH-2024-118",
    });
    expect(result).toEqual({ ok: true, value: null });
    expect(double().state.flowTriggers).toEqual([
      expect.objectContaining({
        handle: "coa-stale",
        payload: expect.objectContaining({ product_id: 8800001 }),
      }),
    ]);
  });

  it("refuses a payload Flow would drop before sending it", async () => {
    const before = double().operations.length;
    await expect(
      sendFlowTrigger(admin, "coa-failed", {
        product_id: 0,
        batch: "X",
        "failed panels": "",
        "lab name": "Lab",
      }),
    ).rejects.toThrow();
    expect(double().operations.length).toBe(before);
    expect(() => numericId("not-a-gid")).toThrow(/GID/);
  });
});
