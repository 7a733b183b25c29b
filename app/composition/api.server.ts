import { db } from "~/db.server";
import { env } from "~/env.server";
import { sendDescriptionApproved } from "~/inngest/send-event.server";
import { readProduct, readVariantProduct } from "~/integrations/shopify-admin.server";
import { uploadDeps } from "./merchant-actions.server";
import { unauthenticated } from "~/shopify.server";
import type { ApiAuthDeps } from "~/api/api-auth.server";
import type { LabReportsApiDeps } from "~/api/lab-reports-api.server";

/**
 * The REST API's composition root: the database, the admin upload's own dependencies, Inngest,
 * and the Shopify Admin API through the shop's offline session (to check a product or variant id).
 * It builds only what the /api/v1 routes use.
 */

export function apiAuthDeps(): ApiAuthDeps {
  return { db, rateLimitPerMinute: env().API_RATE_LIMIT_PER_MINUTE, now: () => new Date() };
}

export function labReportsApiDeps(): LabReportsApiDeps {
  return {
    db,
    upload: uploadDeps(),
    sendApproved: sendDescriptionApproved,
    async resolveProduct(shop, ref) {
      const { admin } = await unauthenticated.admin(shop);
      if (ref.kind === "variant") return readVariantProduct(admin.graphql, ref.id);
      const product = await readProduct(admin.graphql, ref.id);
      return product && { id: product.id, title: product.title };
    },
    now: () => new Date(),
  };
}
