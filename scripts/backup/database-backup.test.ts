import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Prisma, type PrismaClient } from "@prisma/client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createPrismaClient } from "~/db.server";
import { createTestDatabase, type TestDatabase } from "../../test/db";
import {
  BackupError,
  backupDatabase,
  postgresConnection,
  restoreDatabase,
} from "./database-backup";

/**
 * Backs up a seeded database, wipes it, restores it and finds every row as it was: on SQLite in
 * the normal run, on PostgreSQL (pg_dump / pg_restore) when TEST_DATABASE_URL names a server.
 */

let database: TestDatabase;
let dir: string;

beforeEach(async () => {
  database = await createTestDatabase();
  dir = await mkdtemp(path.join(os.tmpdir(), "heady-backup-test-"));
});
afterEach(async () => {
  await database.cleanup();
  await rm(dir, { recursive: true, force: true });
});

type Delegate = {
  findMany(args?: unknown): Promise<Record<string, unknown>[]>;
  deleteMany(): Promise<unknown>;
};

function delegates(prisma: PrismaClient): [string, Delegate][] {
  return Prisma.dmmf.datamodel.models.map((model) => {
    const key = model.name[0]!.toLowerCase() + model.name.slice(1);
    return [model.name, (prisma as unknown as Record<string, Delegate>)[key]!];
  });
}

/** Every row of every table, in a stable order. */
async function everyRow(prisma: PrismaClient): Promise<Record<string, unknown[]>> {
  const rows: Record<string, unknown[]> = {};
  for (const [name, delegate] of delegates(prisma)) {
    const all = await delegate.findMany();
    rows[name] = all
      .map((row) =>
        JSON.stringify(row, (_key, value: unknown) =>
          value instanceof Uint8Array ? Buffer.from(value).toString("base64") : value,
        ),
      )
      .sort();
  }
  return rows;
}

async function seed(prisma: PrismaClient): Promise<void> {
  const now = new Date("2026-11-02T10:00:00.000Z");
  for (const shop of ["north.myshopify.com", "south.myshopify.com"]) {
    await prisma.shop.create({ data: { domain: shop, autoPublish: shop.startsWith("north") } });
    await prisma.session.create({
      data: {
        id: `offline_${shop}`,
        shop,
        state: "installed",
        isOnline: false,
        accessToken: "enc:v1:abc",
      },
    });
    for (let i = 0; i < 3; i++) {
      const report = await prisma.labReport.create({
        data: {
          shop,
          fileName: `coa-${i}.pdf`,
          sha256: `${shop}-${i}`.padEnd(64, "0"),
          sizeBytes: 4,
          status: i === 2 ? "failed" : "published",
          errorCode: i === 2 ? "encrypted-pdf" : null,
          file: { create: { bytes: new Uint8Array([0x25, 0x50, 0x44, 0x46 + i]) } },
        },
      });
      await prisma.description.create({
        data: {
          shop,
          reportId: report.id,
          version: 1,
          html: `<p>Lab results ${i} — ünïcode</p>`,
          seoTitle: `Batch ${i}`,
          seoDescription: "Tested",
          source: "template",
        },
      });
      await prisma.labReportPageImage.create({
        data: {
          shop,
          labReportId: report.id,
          page: 1,
          width: 1,
          height: 1,
          png: new Uint8Array([0x89, 0x50, 0x4e, 0x47, i]),
        },
      });
    }
    await prisma.activityLog.create({
      data: { shop, actor: "merchant", action: "lab-report.uploaded", at: now },
    });
    await prisma.subscription.create({
      data: {
        shop,
        tier: "Growth",
        status: "ACTIVE",
        shopifySubscriptionId: `gid://shopify/AppSubscription/${shop}`,
      },
    });
    await prisma.webhookDelivery.create({
      data: { eventId: `evt-${shop}`, topic: "app/uninstalled", shop },
    });
  }
  const operator = await prisma.operator.create({
    data: { email: "ops@example.com", passwordHash: "scrypt$x" },
  });
  const later = new Date(Date.now() + 3_600_000);
  await prisma.operatorSession.create({
    data: { id: "session-hash", operatorId: operator.id, expiresAt: later },
  });
  await prisma.operatorPasswordReset.create({
    data: { id: "reset-hash", operatorId: operator.id, issuedBy: "cli", expiresAt: later },
  });
  await prisma.operatorLoginWindow.create({
    data: { address: "203.0.113.7", windowStart: new Date(), attempts: 1 },
  });
  const token = await prisma.apiToken.create({
    data: {
      shop: "north.myshopify.com",
      name: "ERP",
      tokenHash: "token-hash",
      prefix: "hlr_abcd",
      scopes: "read",
    },
  });
  await prisma.apiRequestWindow.create({
    data: { tokenId: token.id, windowStart: new Date(), count: 1 },
  });
}

describe("database backup and restore", () => {
  it("backs up a seeded database, and after a wipe restores every row of every table", async () => {
    await seed(database.prisma);
    const before = await everyRow(database.prisma);
    expect(Object.values(before).every((rows) => rows.length > 0)).toBe(true);

    const file = path.join(dir, database.provider === "postgres" ? "backup.dump" : "backup.sqlite");
    const result = await backupDatabase(database.url, file);
    expect(result.bytes).toBeGreaterThan(0);

    for (const [, delegate] of delegates(database.prisma)) await delegate.deleteMany();
    expect(Object.values(await everyRow(database.prisma)).flat()).toHaveLength(0);
    await database.prisma.$disconnect();

    await restoreDatabase(database.url, file);

    const reopened = createPrismaClient(database.url);
    try {
      expect(await everyRow(reopened)).toEqual(before);
    } finally {
      await reopened.$disconnect();
    }
  });

  it("refuses to restore from a file that is not a backup, and leaves the database as it was", async () => {
    await seed(database.prisma);
    const before = await everyRow(database.prisma);
    const bogus = path.join(dir, "not-a-backup");
    await writeFile(bogus, "hello, not a database");

    await expect(restoreDatabase(database.url, bogus)).rejects.toBeInstanceOf(BackupError);
    expect(await everyRow(database.prisma)).toEqual(before);
  });

  it("keeps a PostgreSQL password off the command line", () => {
    expect(
      postgresConnection("postgresql://app:s%40cret@db.internal:5432/heady?schema=lab"),
    ).toEqual({
      connection: "postgresql://app@db.internal:5432/heady",
      schema: "lab",
      env: { PGPASSWORD: "s@cret" },
    });
  });
});
