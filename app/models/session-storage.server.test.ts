import { randomBytes } from "node:crypto";
import { Session } from "@shopify/shopify-api";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../../test/db";
import { createEncryptedSessionStorage } from "./session-storage.server";

const db = useTestDatabase();
const key = (id: string) => `${id}:${randomBytes(32).toString("base64")}`;

function offlineSession(shop: string, accessToken: string, refreshToken?: string) {
  return new Session({
    id: `offline_${shop}`,
    shop,
    state: "state",
    isOnline: false,
    scope: "read_products,write_products",
    accessToken,
    ...(refreshToken
      ? {
          refreshToken,
          refreshTokenExpires: new Date(Date.now() + 3_600_000),
          expires: new Date(Date.now() + 3_600_000),
        }
      : {}),
  });
}

describe("encrypted session storage", () => {
  it("stores no plaintext token in the database and loads the real token back", async () => {
    const storage = createEncryptedSessionStorage(db().prisma, key("v1"));
    const session = offlineSession(
      "plain.myshopify.com",
      "shpat_plaintext_token_1",
      "shprt_refresh_1",
    );
    await storage.storeSession(session);

    const row = await db().prisma.session.findUniqueOrThrow({ where: { id: session.id } });
    expect(row.accessToken).not.toContain("shpat_plaintext_token_1");
    expect(row.refreshToken).not.toContain("shprt_refresh_1");
    expect(row.accessToken.startsWith("enc:v1:")).toBe(true);
    // The library keeps using the Session it stored: it must not have been encrypted in place.
    expect(session.accessToken).toBe("shpat_plaintext_token_1");

    const loaded = await storage.loadSession(session.id);
    expect(loaded?.accessToken).toBe("shpat_plaintext_token_1");
    expect(loaded?.refreshToken).toBe("shprt_refresh_1");
    const [found] = await storage.findSessionsByShop("plain.myshopify.com");
    expect(found?.accessToken).toBe("shpat_plaintext_token_1");
  });

  it("still loads a token written under an old key after the keys rotate", async () => {
    const v1 = key("v1");
    const v2 = key("v2");
    const before = createEncryptedSessionStorage(db().prisma, v1);
    await before.storeSession(offlineSession("rotate.myshopify.com", "shpat_before_rotation"));

    const after = createEncryptedSessionStorage(db().prisma, `${v2},${v1}`);
    const loaded = await after.loadSession("offline_rotate.myshopify.com");
    expect(loaded?.accessToken).toBe("shpat_before_rotation");

    // Storing again (Shopify does on every token exchange) re-encrypts under the new key.
    await after.storeSession(offlineSession("rotate.myshopify.com", "shpat_after_rotation"));
    const row = await db().prisma.session.findUniqueOrThrow({
      where: { id: "offline_rotate.myshopify.com" },
    });
    expect(row.accessToken.startsWith("enc:v2:")).toBe(true);
    const onlyNew = createEncryptedSessionStorage(db().prisma, v2);
    expect((await onlyNew.loadSession("offline_rotate.myshopify.com"))?.accessToken).toBe(
      "shpat_after_rotation",
    );
  });

  it("loads a plaintext row left from before encryption, and deletes sessions", async () => {
    await db().prisma.session.create({
      data: {
        id: "offline_legacy.myshopify.com",
        shop: "legacy.myshopify.com",
        state: "s",
        accessToken: "shpat_legacy",
      },
    });
    const storage = createEncryptedSessionStorage(db().prisma, key("v1"));
    expect((await storage.loadSession("offline_legacy.myshopify.com"))?.accessToken).toBe(
      "shpat_legacy",
    );
    await storage.deleteSession("offline_legacy.myshopify.com");
    expect(await storage.loadSession("offline_legacy.myshopify.com")).toBeUndefined();
  });
});
