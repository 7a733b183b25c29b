import { readFile } from "node:fs/promises";
import { Prisma } from "@prisma/client";
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../../test/db";
import { recordActivity } from "./activity.server";
import { createApiToken } from "./api-token.server";
import { addDescriptionVersion } from "./description.server";
import { createLabReport } from "./lab-report.server";
import { storePageImages } from "./lab-report-page-image.server";
import {
  eraseShopData,
  getShopSettings,
  markShopUninstalled,
  recordInstall,
  updateShopSettings,
} from "./shop.server";
import { applySubscriptionUpdate } from "./subscription.server";
import { recordDeliveryOnce } from "./webhook-delivery.server";

const db = useTestDatabase();

async function seedShop(shop: string) {
  const prisma = db().prisma;
  await recordInstall(prisma, shop);
  const report = await createLabReport(prisma, {
    shop,
    fileName: "cherry-punch.pdf",
    sha256: "a".repeat(64),
    sizeBytes: 4,
    bytes: await readFile("test/fixtures/coa/01_sc-labs_cherry-punch.pdf"),
  });
  // A page picture as the OCR reader keeps it.
  const png = PNG.sync.write(new PNG({ width: 10, height: 13 }));
  await storePageImages(prisma, shop, report.id, [
    { page: 1, width: 10, height: 13, png: new Uint8Array(png) },
  ]);
  await addDescriptionVersion(prisma, shop, report.id, {
    html: "<p>Lab tested.</p>",
    seoTitle: "Cherry Punch",
    seoDescription: "Lab results",
    source: "template",
  });
  await applySubscriptionUpdate(prisma, {
    shop,
    shopifySubscriptionId: `gid://shopify/AppSubscription/${shop}`,
    tier: "pro",
    status: "ACTIVE",
  });
  await recordActivity(prisma, {
    shop,
    actor: "merchant",
    action: "lab-report.uploaded",
    target: report.id,
  });
  await recordDeliveryOnce(prisma, `event-${shop}`, "app/uninstalled", shop);
  await createApiToken(prisma, { shop, name: "ERP", scope: "read" });
  await prisma.session.create({
    data: { id: `offline_${shop}`, shop, state: "s", accessToken: "enc:v1:x:y:z" },
  });
}

// Every model with a `shop` column (plus Shop itself, keyed by domain), read from the schema so a
// new shop-owned table cannot be forgotten by eraseShopData without this test noticing.
async function rowsOf(shop: string): Promise<Record<string, number>> {
  const prisma = db().prisma as unknown as Record<
    string,
    { count: (args: unknown) => Promise<number> }
  >;
  const counts: Record<string, number> = {};
  for (const model of Prisma.dmmf.datamodel.models) {
    const delegate = prisma[model.name.charAt(0).toLowerCase() + model.name.slice(1)];
    if (!delegate) throw new Error(`No delegate for ${model.name}`);
    if (model.name === "Shop") counts.Shop = await delegate.count({ where: { domain: shop } });
    else if (model.fields.some((field) => field.name === "shop")) {
      counts[model.name] = await delegate.count({ where: { shop } });
    }
  }
  return counts;
}

describe("shops", () => {
  it("records an install once, and a reinstall clears the uninstall date", async () => {
    const prisma = db().prisma;
    const first = await recordInstall(prisma, "install.myshopify.com", new Date("2026-01-01"));
    const again = await recordInstall(prisma, "install.myshopify.com", new Date("2026-01-02"));
    expect(again.id).toBe(first.id);
    expect(again.installedAt.toISOString()).toBe("2026-01-01T00:00:00.000Z");

    await markShopUninstalled(prisma, "install.myshopify.com", new Date("2026-02-01"));
    const gone = await prisma.shop.findUniqueOrThrow({
      where: { domain: "install.myshopify.com" },
    });
    expect(gone.uninstalledAt?.toISOString()).toBe("2026-02-01T00:00:00.000Z");

    const back = await recordInstall(prisma, "install.myshopify.com", new Date("2026-03-01"));
    expect(back.uninstalledAt).toBeNull();
    expect(back.installedAt.toISOString()).toBe("2026-03-01T00:00:00.000Z");
  });

  it("reads defaults, updates settings, and rejects invalid ones without writing", async () => {
    const prisma = db().prisma;
    await recordInstall(prisma, "settings.myshopify.com");
    expect(await getShopSettings(prisma, "settings.myshopify.com")).toMatchObject({
      autoPublish: false,
      length: "standard",
      forbiddenPhrases: [],
    });

    const updated = await updateShopSettings(prisma, "settings.myshopify.com", {
      brandVoice: "Plain, warm, no hype.",
      autoPublish: true,
      forbiddenPhrases: ["cures", "medical grade"],
    });
    expect(updated).toMatchObject({
      ok: true,
      settings: { autoPublish: true, forbiddenPhrases: ["cures", "medical grade"] },
    });

    const invalid = await updateShopSettings(prisma, "settings.myshopify.com", {
      length: "epic",
      plan: "free",
    });
    expect(invalid).toMatchObject({ ok: false, reason: "invalid" });
    expect((await getShopSettings(prisma, "settings.myshopify.com"))?.length).toBe("standard");

    expect(await updateShopSettings(prisma, "nobody.myshopify.com", { tone: "calm" })).toEqual({
      ok: false,
      reason: "unknown-shop",
    });
    expect(await getShopSettings(prisma, "nobody.myshopify.com")).toBeNull();
  });

  it("erases every row of a shop in every table, and nothing of another shop", async () => {
    await seedShop("erase-me.myshopify.com");
    await seedShop("keep-me.myshopify.com");
    const before = await rowsOf("erase-me.myshopify.com");
    expect(Object.values(before).every((count) => count > 0)).toBe(true);
    expect(Object.keys(before).sort()).toEqual([
      "ActivityLog",
      "ApiToken",
      "Description",
      "LabReport",
      "LabReportFile",
      "LabReportPageImage",
      "Session",
      "Shop",
      "Subscription",
      "WebhookDelivery",
    ]);

    const erased = await eraseShopData(db().prisma, "erase-me.myshopify.com");
    expect(erased.labReportFiles).toBe(1);
    expect(erased.labReportPageImages).toBe(1);
    expect(erased.sessions).toBe(1);
    expect(erased.apiTokens).toBe(1);

    expect(
      Object.values(await rowsOf("erase-me.myshopify.com")).every((count) => count === 0),
    ).toBe(true);
    expect(await rowsOf("keep-me.myshopify.com")).toEqual(before);
  });
});
