import { describe, expect, it } from "vitest";
import { DEFAULT_POSTGRES_POOL_SIZE, isPostgresUrl, postgresPoolSize } from "./db.server";

describe("the database client's settings", () => {
  it("takes DATABASE_POOL_SIZE when it is a positive whole number, else the default", () => {
    expect(postgresPoolSize("12")).toBe(12);
    expect(postgresPoolSize(undefined)).toBe(DEFAULT_POSTGRES_POOL_SIZE);
    for (const bad of ["", "0", "-3", "2.5", "many"]) {
      expect(postgresPoolSize(bad)).toBe(DEFAULT_POSTGRES_POOL_SIZE);
    }
  });

  it("selects PostgreSQL by the URL's scheme", () => {
    expect(isPostgresUrl("postgresql://u@h/db")).toBe(true);
    expect(isPostgresUrl("postgres://u@h/db")).toBe(true);
    expect(isPostgresUrl("file:./prisma/dev.sqlite")).toBe(false);
  });
});
