import { describe, expect, it } from "vitest";
import { createTestDatabase } from "./db";

describe("createTestDatabase", () => {
  it("gives each caller its own migrated, empty database and removes it at cleanup", async () => {
    const first = await createTestDatabase();
    const second = await createTestDatabase();
    try {
      expect(first.url).not.toBe(second.url);
      await first.prisma.shop.create({ data: { domain: "one.myshopify.com" } });
      expect(await first.prisma.shop.count()).toBe(1);
      expect(await second.prisma.shop.count()).toBe(0);
    } finally {
      await first.cleanup();
      await second.cleanup();
    }
  });
});
