import { z } from "zod";
import { runAdminOperation, type AdminGraphql } from "./shopify-admin-client.server";

/** The shop's own address, where shoppers (and the app proxy's lookup page) reach it. */
const SHOP_DOMAIN = `#graphql
  query LabResultsShopDomain {
    shop {
      myshopifyDomain
      primaryDomain {
        url
      }
    }
  }
`;

/** The primary domain's origin (https://shop.example), or the myshopify domain's when none is set. */
export async function readShopOrigin(admin: AdminGraphql): Promise<string> {
  const data = await runAdminOperation(
    admin,
    SHOP_DOMAIN,
    {},
    z.object({
      shop: z.object({
        myshopifyDomain: z.string(),
        primaryDomain: z.object({ url: z.string() }).nullable(),
      }),
    }),
  );
  const url = data.shop.primaryDomain?.url;
  return url ? new URL(url).origin : `https://${data.shop.myshopifyDomain}`;
}
