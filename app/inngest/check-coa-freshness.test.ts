import { InngestTestEngine } from "@inngest/test";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  createCheckCoaFreshnessDeps,
  createFindStaleCoasDeps,
  FRESHNESS_CHANGED,
  type CoaFreshnessOptions,
} from "~/composition/coa-freshness-adapters.server";
import { FLOW_TRIGGER_PAYLOADS } from "~/integrations/shopify-admin-flow.server";
import { createTestDatabase, type TestDatabase } from "../../test/db";
import { declaredFlowTriggers } from "../../test/doubles/shopify-admin-metaobjects";
import { installShopifyAdminDouble } from "../../test/doubles/shopify-admin";
import { adminGraphqlFor } from "../../test/inngest/pipeline-harness";
import { seedPublishedReport } from "../../test/published-reports";
import { createCheckCoaFreshness } from "./check-coa-freshness";
import { createFindStaleCoas } from "./find-stale-coas";

const SHOP = "freshness.myshopify.com";
const double = installShopifyAdminDouble(
  { beforeAll, afterAll },
  { shop: SHOP, primaryDomainUrl: "https://shop.example" },
);

let database: TestDatabase;
let clock: Date;
let requested: { checks: { shop: string; day: string }[]; migrations: string[] };
let options: CoaFreshnessOptions;

beforeEach(async () => {
  database = await createTestDatabase();
  clock = new Date("2026-12-04T07:00:00Z");
  requested = { checks: [], migrations: [] };
  options = {
    db: database.prisma,
    adminFor: adminGraphqlFor(() => double().apiUrl),
    requestFreshnessChecks: async (checks) => void requested.checks.push(...checks),
    requestBatchRecordMigrations: async (shops) => void requested.migrations.push(...shops),
    now: () => clock,
  };
  double().state.flowTriggers.splice(0);
});
afterEach(() => database.cleanup());

function checkEngine() {
  return new InngestTestEngine({
    function: createCheckCoaFreshness(createCheckCoaFreshnessDeps(options)),
    events: [
      {
        name: "shop/coa-freshness-check.requested",
        data: { shop: SHOP, day: clock.toISOString().slice(0, 10) },
      },
    ],
  });
}

async function seedShopWithReports() {
  const db = database.prisma;
  await db.shop.create({ data: { domain: SHOP } });
  const fresh = double().addProduct({ title: "Fresh Flower" });
  const soon = double().addProduct({
    title: "Cherry Punch",
    variants: [{ title: "1 g" }, { title: "3.5 g" }],
  });
  const stale = double().addProduct({ title: "Old Tincture" });
  const at = (iso: string) => new Date(`${iso}T12:00:00Z`);
  const ids = {
    fresh: await seedPublishedReport(db, {
      shop: SHOP,
      productId: fresh.id,
      batch: "FF-1",
      dateTested: "2026-10-01",
      publishedAt: at("2026-10-02"),
    }),
    soon: await seedPublishedReport(db, {
      shop: SHOP,
      productId: soon.id,
      variantIds: [soon.variants[1]?.id ?? ""],
      batch: "CP 0425/B",
      dateTested: "2025-12-20",
      publishedAt: at("2025-12-21"),
    }),
    // Superseded by a newer batch: history, not checked.
    superseded: await seedPublishedReport(db, {
      shop: SHOP,
      productId: stale.id,
      batch: "OT-0",
      dateTested: "2024-01-01",
      publishedAt: at("2024-01-02"),
    }),
    stale: await seedPublishedReport(db, {
      shop: SHOP,
      productId: stale.id,
      batch: "OT-1",
      dateTested: "2025-11-20",
      publishedAt: at("2025-11-21"),
    }),
    undated: await seedPublishedReport(db, {
      shop: SHOP,
      productId: fresh.id,
      variantIds: [fresh.variants[0]?.id ?? ""],
      batch: null,
      dateTested: null,
      publishedAt: at("2026-11-01"),
    }),
  };
  return { ids, soon, stale };
}

async function freshnessActivity() {
  return database.prisma.activityLog.findMany({
    where: { shop: SHOP, action: FRESHNESS_CHANGED },
    orderBy: { at: "asc" },
  });
}

describe("the daily COA freshness check", () => {
  it("fans out one check per installed shop and day, and asks for each unmigrated shop's batch record migration", async () => {
    await database.prisma.shop.create({ data: { domain: SHOP } });
    await database.prisma.shop.create({
      data: { domain: "gone.myshopify.com", uninstalledAt: new Date("2026-11-01") },
    });
    await database.prisma.shop.create({ data: { domain: "migrated.myshopify.com" } });
    await database.prisma.activityLog.create({
      data: { shop: "migrated.myshopify.com", actor: "system", action: "migration.batch-records" },
    });
    const engine = new InngestTestEngine({
      function: createFindStaleCoas(createFindStaleCoasDeps(options)),
    });
    const { result, error } = await engine.execute();
    expect(error).toBeUndefined();
    expect(result).toEqual({ day: "2026-12-04", shops: 2, migrationsRequested: 1 });
    expect(requested.checks).toEqual([
      { shop: SHOP, day: "2026-12-04" },
      { shop: "migrated.myshopify.com", day: "2026-12-04" },
    ]);
    expect(requested.migrations).toEqual([SHOP]);
  });

  it("records each current COA that became stale or soon stale once, and sends Flow's 'COA stale' once with the declared fields", async () => {
    const { ids, soon, stale } = await seedShopWithReports();

    const first = await checkEngine().execute();
    expect(first.error).toBeUndefined();
    expect(first.result).toEqual({ shop: SHOP, changes: 2, recorded: 2, triggered: 2 });
    expect((await freshnessActivity()).map((a) => [a.target, JSON.parse(a.details).state])).toEqual(
      [
        [ids.stale, "stale"],
        [ids.soon, "soon-stale"],
      ],
    );
    const sent = double().state.flowTriggers;
    expect(sent).toEqual([
      {
        handle: "coa-stale",
        payload: {
          product_id: Number(stale.id.split("/").at(-1)),
          batch: "OT-1",
          freshness: "stale",
          "stale on": "2026-11-20",
          "variant ids": "",
          "lookup url": "https://shop.example/apps/lab/OT-1",
        },
      },
      {
        handle: "coa-stale",
        payload: {
          product_id: Number(soon.id.split("/").at(-1)),
          batch: "CP 0425/B",
          freshness: "soon-stale",
          "stale on": "2026-12-20",
          "variant ids": soon.variants[1]?.id,
          "lookup url": "https://shop.example/apps/lab/CP%200425%2FB",
        },
      },
    ]);
    // Each payload holds exactly the fields extensions/coa-stale-flow-trigger declares.
    const declared = declaredFlowTriggers()["coa-stale"] ?? [];
    for (const { payload } of sent) {
      expect(Object.keys(payload).sort()).toEqual([...declared].sort());
      expect(FLOW_TRIGGER_PAYLOADS["coa-stale"].safeParse(payload).success).toBe(true);
    }

    // The next day nothing changed: nothing is recorded or sent again.
    clock = new Date("2026-12-05T07:00:00Z");
    const again = await checkEngine().execute();
    expect(again.result).toEqual({ shop: SHOP, changes: 0, recorded: 0, triggered: 0 });
    expect(await freshnessActivity()).toHaveLength(2);
    expect(double().state.flowTriggers).toHaveLength(2);

    // Past its stale date the soon-stale COA changes state once more, and only it.
    clock = new Date("2026-12-21T07:00:00Z");
    const later = await checkEngine().execute();
    expect(later.result).toEqual({ shop: SHOP, changes: 1, recorded: 1, triggered: 1 });
    expect(double().state.flowTriggers.at(-1)?.payload).toMatchObject({
      freshness: "stale",
      batch: "CP 0425/B",
    });
  });

  it("counts a shorter shop policy and never repeats a change another run already recorded", async () => {
    const { ids } = await seedShopWithReports();
    await database.prisma.shop.update({
      where: { domain: SHOP },
      data: { staleAfterMonths: 2, staleWarnDays: 0 },
    });
    const deps = createCheckCoaFreshnessDeps(options);
    const changes = await deps.findFreshnessChanges(SHOP, clock);
    // Tested 2026-10-01, stale from 2026-12-01 under a 2-month policy.
    expect(changes.find((c) => c.reportId === ids.fresh)).toMatchObject({
      state: "stale",
      staleOn: "2026-12-01",
    });
    const change = changes[0];
    if (!change) throw new Error("expected a change");
    expect(await deps.recordFreshnessChange(SHOP, change, clock)).toBe(true);
    expect(await deps.recordFreshnessChange(SHOP, change, clock)).toBe(false);
    const run = await checkEngine().execute();
    expect(run.result).toMatchObject({ recorded: changes.length - 1 });
    expect(await freshnessActivity()).toHaveLength(changes.length);
  });
});
