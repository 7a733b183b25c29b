import { inngest } from "./client";

export const FIND_STALE_COAS_ID = "find-stale-coas";
/** Every day at 07:00 UTC: before the US business day starts, after its evening sales. */
export const FIND_STALE_COAS_CRON = "TZ=UTC 0 7 * * *";
/** Events per send: far below the Event API's per-request limits, and small step outputs. */
const PER_SEND = 200;

export interface FindStaleCoasDeps {
  listInstalledShops(): Promise<string[]>;
  /** The installed shops whose batch record migration has not been recorded as done. */
  listShopsToMigrate(): Promise<string[]>;
  /** Sends one freshness check request per shop (event id: shop and day, so a resend is a no-op). */
  requestFreshnessChecks(requests: { shop: string; day: string }[]): Promise<void>;
  requestBatchRecordMigrations(shops: string[]): Promise<void>;
  now(): Date;
}

/**
 * The daily fan-out: one freshness check per installed shop (check-coa-freshness.ts), each with its
 * own retries and per-shop concurrency, and the batch record migration for any shop that has not
 * had it (migrate-batch-records.ts).
 */
export function createFindStaleCoas(deps: FindStaleCoasDeps) {
  return inngest.createFunction(
    {
      id: FIND_STALE_COAS_ID,
      name: "Find stale COAs in every shop",
      triggers: [{ cron: FIND_STALE_COAS_CRON }],
      concurrency: { limit: 1 },
    },
    async ({ step }) => {
      const { day, shops } = await step.run("list-installed-shops", async () => ({
        day: deps.now().toISOString().slice(0, 10),
        shops: await deps.listInstalledShops(),
      }));
      for (let i = 0; i < shops.length; i += PER_SEND) {
        const chunk = shops.slice(i, i + PER_SEND);
        await step.run(`request-coa-freshness-checks-${i / PER_SEND}`, () =>
          deps.requestFreshnessChecks(chunk.map((shop) => ({ shop, day }))),
        );
      }
      const toMigrate = await step.run("list-shops-to-migrate", () => deps.listShopsToMigrate());
      for (let i = 0; i < toMigrate.length; i += PER_SEND) {
        const chunk = toMigrate.slice(i, i + PER_SEND);
        await step.run(`request-batch-record-migrations-${i / PER_SEND}`, () =>
          deps.requestBatchRecordMigrations(chunk),
        );
      }
      return { day, shops: shops.length, migrationsRequested: toMigrate.length };
    },
  );
}
