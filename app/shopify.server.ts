import "@shopify/shopify-app-remix/adapters/node";
import {
  ApiVersion,
  AppDistribution,
  BillingInterval,
  LogSeverity,
  shopifyApp,
} from "@shopify/shopify-app-remix/server";
import { env } from "./env.server";
import { db } from "./db.server";
import { PLANS, type PlanName } from "./plans";
import { createEncryptedSessionStorage } from "./models/session-storage.server";
import { recordInstall } from "./models/shop.server";
import { ensureLabResultsDefinitions } from "./integrations/shopify-admin-metafields.server";
import { logger } from "./logger.server";
import { notingShop } from "./service/request-context.server";

const config = env();

const LIBRARY_LEVELS = {
  [LogSeverity.Error]: "error",
  [LogSeverity.Warning]: "warn",
  [LogSeverity.Info]: "info",
  [LogSeverity.Debug]: "debug",
} as const;

function logShopifyLibrary(severity: LogSeverity, message: string): void {
  logger[LIBRARY_LEVELS[severity]]({ component: "shopify" }, message);
}

const billing = Object.fromEntries(
  (Object.keys(PLANS) as PlanName[]).map((name) => [
    name,
    {
      trialDays: PLANS[name].trialDays,
      lineItems: [
        { amount: PLANS[name].amount, currencyCode: "USD", interval: BillingInterval.Every30Days },
      ],
    },
  ]),
) as Record<
  PlanName,
  {
    trialDays: number;
    lineItems: [{ amount: number; currencyCode: string; interval: BillingInterval.Every30Days }];
  }
>;

const shopify = shopifyApp({
  apiKey: config.SHOPIFY_API_KEY,
  apiSecretKey: config.SHOPIFY_API_SECRET,
  apiVersion: ApiVersion.October26,
  scopes: config.SCOPES.split(","),
  appUrl: config.SHOPIFY_APP_URL,
  authPathPrefix: "/auth",
  sessionStorage: createEncryptedSessionStorage(db, config.TOKEN_ENCRYPTION_KEYS),
  distribution: AppDistribution.AppStore,
  // The library logs each authenticated request at Info: one more line per request beside the
  // server's own, so only LOG_LEVEL debug or trace asks for it. Tests want only what went wrong.
  logger: {
    level:
      config.NODE_ENV === "test"
        ? LogSeverity.Error
        : config.LOG_LEVEL === "debug" || config.LOG_LEVEL === "trace"
          ? LogSeverity.Info
          : LogSeverity.Warning,
    // Through the app's logger, so its lines are JSON with the request id and redacted like ours.
    // Tests keep the library's console output: a console.error there fails the test (test/setup.ts).
    ...(config.NODE_ENV === "test" ? {} : { log: logShopifyLibrary }),
  },
  billing,
  future: { unstable_newEmbeddedAuthStrategy: true, expiringOfflineAccessTokens: true },
  hooks: {
    afterAuth: async ({ session, admin }) => {
      await recordInstall(db, session.shop);
      // The storefront block reads the lab-results metafields only through definitions with
      // storefront access. Publishing ensures them again, so a failure here is logged, not fatal.
      try {
        const result = await ensureLabResultsDefinitions(admin.graphql);
        if (!result.ok)
          logger.warn(
            { shop: session.shop, userErrors: result.userErrors },
            "metafield definitions",
          );
      } catch (error) {
        logger.warn({ shop: session.shop, err: error }, "could not create metafield definitions");
      }
    },
  },
  ...(config.SHOP_CUSTOM_DOMAIN ? { customShopDomains: [config.SHOP_CUSTOM_DOMAIN] } : {}),
});

export default shopify;
export const apiVersion = ApiVersion.October26;
export const addDocumentResponseHeaders = shopify.addDocumentResponseHeaders;
// Each verified shop goes on the request's log lines (app/service/request-context.server.ts).
export const authenticate = {
  ...shopify.authenticate,
  admin: notingShop(shopify.authenticate.admin, ({ session }) => session.shop),
  webhook: notingShop(shopify.authenticate.webhook, ({ shop }) => shop),
};
export const unauthenticated = {
  ...shopify.unauthenticated,
  admin: notingShop(shopify.unauthenticated.admin, ({ session }) => session.shop),
};
export const login = shopify.login;
export const registerWebhooks = shopify.registerWebhooks;
export const sessionStorage = shopify.sessionStorage;
