import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * The operator console is never shown inside a frame (clickjacking: a page that frames /ops could
 * trick a signed-in operator into clicking). CSP `frame-ancestors 'none'` for current browsers,
 * `X-Frame-Options: DENY` for old ones. The merchant pages are the opposite: Shopify's admin frames
 * them, and shopify-app-remix sets their frame-ancestors to the shop's admin.
 */
/**
 * Whether a request path (as sent, query included) reaches the console. Route matching ignores
 * case and decodes the path, so this does too, and folds repeated slashes.
 */
export function isOpsPath(rawPath: string): boolean {
  let path = rawPath.split("?")[0] ?? "";
  try {
    path = decodeURIComponent(path);
  } catch {
    // A malformed escape: judge the path as sent.
  }
  path = path.replace(/\/+/g, "/").toLowerCase();
  return path === "/ops" || path.startsWith("/ops/") || path.startsWith("/ops.");
}

const HEADERS = {
  "Content-Security-Policy": "frame-ancestors 'none'",
  "X-Frame-Options": "DENY",
} as const;

/**
 * For every /ops response of the server (server.ts) — pages, data requests, redirects and CSV —
 * set before Remix runs, so no route can forget them.
 */
export function opsFrameProtectionMiddleware(
  request: IncomingMessage,
  response: ServerResponse,
  next: () => void,
): void {
  if (isOpsPath(request.url ?? "")) {
    for (const [name, value] of Object.entries(HEADERS)) response.setHeader(name, value);
  }
  next();
}
