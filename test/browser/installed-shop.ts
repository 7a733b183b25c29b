import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { PrismaClient } from "@prisma/client";
import { createEncryptedSessionStorage } from "~/models/session-storage.server";
import { offlineSession } from "../shopify/offline-session";
import { TEST_ENV } from "../shopify/requests";

/**
 * A shop as the production build finds it after install, for the tests and benchmarks that run the
 * built server: its offline session (encrypted as the app stores it) and its row. Without a stored
 * offline session the embedded auth strategy would try to exchange the session token online.
 */
export async function installShop(
  prisma: PrismaClient,
  shop: string,
  { accessToken = "shpat_browser_test" }: { accessToken?: string } = {},
): Promise<void> {
  await createEncryptedSessionStorage(prisma, TEST_ENV.TOKEN_ENCRYPTION_KEYS).storeSession(
    offlineSession(shop, accessToken),
  );
  await prisma.shop.create({ data: { domain: shop } });
}

/** Loaded into the built server (NODE_OPTIONS) to send its Admin API calls to HEADY_TEST_ADMIN_FORWARD. */
export const ADMIN_FORWARDER = path.resolve("test/browser/admin-api-forwarder.mjs");

export interface AdminForwarder {
  /** The server's environment additions: load the forwarder, aimed at this process. */
  env: { NODE_OPTIONS: string; HEADY_TEST_ADMIN_FORWARD: string };
  close(): Promise<void>;
}

/**
 * Answers the built server's forwarded Admin API calls with the Shopify Admin double running in
 * this process (msw intercepts the fetch to `apiUrl`), so the double's work is not the server's.
 */
export async function startAdminForwarder(apiUrl: string): Promise<AdminForwarder> {
  const forward: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      void fetch(apiUrl, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-shopify-access-token": String(req.headers["x-shopify-access-token"] ?? ""),
        },
        body: Buffer.concat(chunks),
      }).then(async (answer) => {
        res.writeHead(answer.status, { "content-type": "application/json" });
        res.end(await answer.text());
      });
    });
  });
  await new Promise<void>((resolve) => forward.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(forward.address() as AddressInfo).port}`;
  return {
    env: { NODE_OPTIONS: `--import=${ADMIN_FORWARDER}`, HEADY_TEST_ADMIN_FORWARD: url },
    close: () => new Promise<void>((resolve) => forward.close(() => resolve())),
  };
}
