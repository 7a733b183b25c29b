import type { PrismaClient } from "@prisma/client";
import type { Db } from "~/db.server";
import { Session } from "@shopify/shopify-api";
import {
  PrismaSessionStorage,
  type PrismaSessionStorageInterface,
} from "@shopify/shopify-app-session-storage-prisma";
import { createTokenCipher, type TokenCipher } from "./token-cipher.server";

type Options = ConstructorParameters<typeof PrismaSessionStorage>[1];

/**
 * Shopify's PrismaSessionStorage with the access token and refresh token encrypted at rest.
 * The library hands us a Session it keeps using, so we encrypt a copy, never the original.
 */
export class EncryptedSessionStorage implements PrismaSessionStorageInterface {
  private readonly inner: PrismaSessionStorage<PrismaClient>;

  constructor(
    prisma: PrismaClient,
    private readonly cipher: TokenCipher,
    options?: Options,
  ) {
    this.inner = new PrismaSessionStorage(prisma, options);
  }

  storeSession(session: Session): Promise<boolean> {
    const sealed = new Session(session.toObject());
    if (sealed.accessToken) sealed.accessToken = this.cipher.encrypt(sealed.accessToken);
    if (sealed.refreshToken) sealed.refreshToken = this.cipher.encrypt(sealed.refreshToken);
    return this.inner.storeSession(sealed);
  }

  async loadSession(id: string): Promise<Session | undefined> {
    const session = await this.inner.loadSession(id);
    return session && this.open(session);
  }

  async findSessionsByShop(shop: string): Promise<Session[]> {
    const sessions = await this.inner.findSessionsByShop(shop);
    return sessions.map((session) => this.open(session));
  }

  deleteSession(id: string): Promise<boolean> {
    return this.inner.deleteSession(id);
  }

  deleteSessions(ids: string[]): Promise<boolean> {
    return this.inner.deleteSessions(ids);
  }

  isReady(): Promise<boolean> {
    return this.inner.isReady();
  }

  // Rows written before encryption was switched on hold plaintext; they load as they are and are
  // sealed the next time Shopify stores the session. A value under an unknown key throws: a key
  // was removed from TOKEN_ENCRYPTION_KEYS too early, which must not pass silently.
  private open(session: Session): Session {
    if (session.accessToken && this.cipher.isEncrypted(session.accessToken)) {
      session.accessToken = this.cipher.decrypt(session.accessToken);
    }
    if (session.refreshToken && this.cipher.isEncrypted(session.refreshToken)) {
      session.refreshToken = this.cipher.decrypt(session.refreshToken);
    }
    return session;
  }
}

/** `keys` is TOKEN_ENCRYPTION_KEYS: `v2:<base64>,v1:<base64>`, newest first. */
export function createEncryptedSessionStorage(
  prisma: PrismaClient,
  keys: string | readonly string[],
  options?: Options,
): EncryptedSessionStorage {
  return new EncryptedSessionStorage(prisma, createTokenCipher(keys), options);
}

/** Tokens are worthless after an uninstall: delete them rather than keep secrets around. */
export async function deleteShopSessions(db: Db, shop: string): Promise<void> {
  await db.session.deleteMany({ where: { shop } });
}

/** Records the scopes the merchant granted (app/scopes_update). */
export async function updateShopSessionScopes(
  db: Db,
  shop: string,
  scopes: string[],
): Promise<void> {
  await db.session.updateMany({ where: { shop }, data: { scope: scopes.join(",") } });
}
