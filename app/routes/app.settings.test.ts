import { beforeAll, describe, expect, it } from "vitest";
import { adminRequest } from "../../test/shopify/requests";
import { settle, useMerchantRoutes } from "../../test/merchant-routes";

const harness = useMerchantRoutes();
let route: typeof import("./app.settings");

beforeAll(async () => {
  route = await import("./app.settings");
});

async function save(shop: string, fields: Record<string, string>) {
  const request = await adminRequest(shop, "/app/settings", {
    method: "POST",
    body: new URLSearchParams(fields),
  });
  return settle(() => route.action({ request, params: {}, context: {} }));
}

async function load(shop: string) {
  const request = await adminRequest(shop, "/app/settings");
  return (await settle(() => route.loader({ request, params: {}, context: {} }))).json();
}

const valid = {
  brandVoice: "Small-batch growers from Humboldt; plain words, no hype.",
  tone: "premium",
  length: "long",
  forbiddenPhrases: "strongest\n  best bud ever  \n\n",
  autoPublish: "on",
  complianceRegion: "us-ca",
};

describe("settings", () => {
  it("saves the writer's settings for this shop only, as the writer reads them", async () => {
    await harness().installShop("settings-a.myshopify.com");
    await harness().installShop("settings-b.myshopify.com");
    expect((await save("settings-a.myshopify.com", valid)).status).toBe(200);

    expect(await load("settings-a.myshopify.com")).toEqual({
      brandVoice: valid.brandVoice,
      tone: "premium",
      length: "long",
      forbiddenPhrases: ["strongest", "best bud ever"],
      autoPublish: true,
      complianceRegion: "US-CA",
      staleAfterMonths: 12,
      staleWarnDays: 30,
    });
    // The other shop keeps the defaults.
    expect(await load("settings-b.myshopify.com")).toMatchObject({
      tone: "friendly",
      length: "standard",
      autoPublish: false,
    });
  });

  it("refuses values the writer would not accept and keeps what was saved", async () => {
    await harness().installShop("settings-c.myshopify.com");
    await save("settings-c.myshopify.com", valid);
    const response = await save("settings-c.myshopify.com", {
      ...valid,
      tone: "hypebeast",
      complianceRegion: "California!",
    });
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(Object.keys(body.fieldErrors).sort()).toEqual(["complianceRegion", "tone"]);
    expect(await load("settings-c.myshopify.com")).toMatchObject({
      tone: "premium",
      complianceRegion: "US-CA",
    });
  });

  it("stores when a COA counts as stale, refuses a blank or out-of-range value, and keeps it when the form leaves it out", async () => {
    const shop = "settings-d.myshopify.com";
    await harness().installShop(shop);
    expect(
      (await save(shop, { ...valid, staleAfterMonths: "6", staleWarnDays: "14" })).status,
    ).toBe(200);
    expect(await load(shop)).toMatchObject({ staleAfterMonths: 6, staleWarnDays: 14 });

    const refused = await save(shop, { ...valid, staleAfterMonths: "", staleWarnDays: "400" });
    expect(refused.status).toBe(400);
    expect(Object.keys((await refused.json()).fieldErrors).sort()).toEqual([
      "staleAfterMonths",
      "staleWarnDays",
    ]);
    expect((await save(shop, { ...valid, staleAfterMonths: "0" })).status).toBe(400);

    expect((await save(shop, valid)).status).toBe(200);
    expect(await load(shop)).toMatchObject({ staleAfterMonths: 6, staleWarnDays: 14 });
  });
});
