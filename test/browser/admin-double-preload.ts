import { createShopifyAdminDouble } from "../doubles/shopify-admin";

/**
 * Loaded into the app server's process (NODE_OPTIONS="--import tsx --import <this file>") by browser
 * tests whose pages call the Admin API: the Shopify double answers the shop's Admin GraphQL
 * endpoint there, with the products listed in BROWSER_ADMIN_PRODUCTS (JSON). Everything else
 * (the Inngest Event API double, the app's own address) passes through.
 */
const shop = process.env.BROWSER_ADMIN_SHOP ?? "browser-test.myshopify.com";
const double = createShopifyAdminDouble({ shop });
const products = JSON.parse(process.env.BROWSER_ADMIN_PRODUCTS ?? "[]") as Parameters<
  typeof double.addProduct
>[0][];
for (const product of products) double.addProduct(product);
double.server.listen({ onUnhandledRequest: "bypass" });
