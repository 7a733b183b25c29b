/** Where the app proxy is mounted on every shop (shopify.app.toml `[app_proxy]`). */
export const LOOKUP_PATH_PREFIX = "/apps/lab";

/**
 * The lookup page of a batch on the shop's own domain, e.g.
 * https://shop.example/apps/lab/CP-0425-B: what a package's QR code opens.
 */
export function batchLookupUrl(shopOrigin: string, batch: string): string {
  const origin = new URL(shopOrigin).origin;
  return `${origin}${LOOKUP_PATH_PREFIX}/${encodeURIComponent(batch.trim())}`;
}
