import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../test/db";

const db = useTestDatabase();
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("the app's database connection", () => {
  it("keeps a write made while another request's transaction is open when that transaction rolls back", async () => {
    const prisma = db().prisma;
    const failing = prisma
      .$transaction(async (tx) => {
        await tx.shop.create({ data: { domain: "rolled-back.myshopify.com" } });
        await pause(150);
        throw new Error("the upload failed");
      })
      .catch((error: unknown) => (error as Error).message);
    await pause(30);
    await prisma.shop.create({ data: { domain: "answered.myshopify.com" } });

    expect(await failing).toBe("the upload failed");
    const domains = await prisma.shop.findMany({
      where: { domain: { in: ["answered.myshopify.com", "rolled-back.myshopify.com"] } },
      select: { domain: true },
    });
    expect(domains).toEqual([{ domain: "answered.myshopify.com" }]);
  });

  it("never shows a read another transaction's uncommitted rows", async () => {
    const prisma = db().prisma;
    const open = prisma.$transaction(async (tx) => {
      await tx.shop.create({ data: { domain: "uncommitted.myshopify.com" } });
      await pause(150);
      throw new Error("rolled back");
    });
    await pause(30);
    const seen = await prisma.shop.count({ where: { domain: "uncommitted.myshopify.com" } });
    await expect(open).rejects.toThrow("rolled back");
    expect(seen).toBe(0);
  });

  it("runs one transaction after another, each with its own writes", async () => {
    const prisma = db().prisma;
    const results = await Promise.allSettled(
      [1, 2, 3].map((n) =>
        prisma.$transaction(async (tx) => {
          await tx.shop.create({ data: { domain: `turn-${n}.myshopify.com` } });
          await pause(20);
          if (n === 2) throw new Error("second fails");
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    const domains = await prisma.shop.findMany({
      where: { domain: { startsWith: "turn-" } },
      select: { domain: true },
      orderBy: { domain: "asc" },
    });
    expect(domains.map((d) => d.domain)).toEqual(["turn-1.myshopify.com", "turn-3.myshopify.com"]);
  });
});
