import { afterAll, beforeAll } from "vitest";
import type { PrismaClient } from "@prisma/client";
import { offlineSession } from "./shopify/offline-session";
import { createTestDatabase, type TestDatabase } from "./db";
import { startInngestEventApi, type InngestEventApiDouble } from "./doubles/inngest-event-api";
import { TEST_ENV } from "./shopify/requests";

/**
 * For tests of the merchant routes (app.*): a test database the app's own `db` points at, Inngest's
 * Event API double, the test app's environment, and `installShop()`, which stores the shop's offline
 * session through the app's session storage so `authenticate.admin` accepts a session token
 * without a token exchange over the network.
 */
export interface MerchantRoutesHarness {
  prisma: PrismaClient;
  events: InngestEventApiDouble;
  installShop(shop: string): Promise<void>;
}

/** `env` adds to the test app's environment (e.g. a small COA_MAX_BYTES). */
export function useMerchantRoutes(env: Record<string, string> = {}): () => MerchantRoutesHarness {
  let database: TestDatabase | undefined;
  let events: InngestEventApiDouble | undefined;

  beforeAll(async () => {
    database = await createTestDatabase();
    events = await startInngestEventApi();
    Object.assign(process.env, TEST_ENV, {
      DATABASE_URL: database.url,
      INNGEST_EVENT_API_BASE_URL: events.baseUrl,
      ...env,
    });
  });

  afterAll(async () => {
    const { db } = await import("~/db.server");
    await db.$disconnect();
    await events?.close();
    await database?.cleanup();
  });

  return () => {
    if (!database || !events) throw new Error("useMerchantRoutes(): set up in beforeAll");
    const prisma = database.prisma;
    return {
      prisma,
      events,
      async installShop(shop) {
        const { sessionStorage } = await import("~/shopify.server");
        await sessionStorage.storeSession(offlineSession(shop, "shpat_test_offline_token"));
        await prisma.shop.upsert({ where: { domain: shop }, create: { domain: shop }, update: {} });
      },
    };
  };
}

/** Runs a loader or action; a thrown Response (404, redirect) is returned like a returned one. */
export async function settle(run: () => Promise<Response>): Promise<Response> {
  try {
    return await run();
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}
