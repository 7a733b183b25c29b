import { describe, expect, it } from "vitest";
import {
  DEFAULT_POSTGRES_POOL_SIZE,
  isPostgresUrl,
  postgresPoolSize,
  postgresSynchronousCommit,
} from "./db.server";

describe("the database client's settings", () => {
  it("takes DATABASE_POOL_SIZE when it is a positive whole number, else the default", () => {
    expect(postgresPoolSize("12")).toBe(12);
    expect(postgresPoolSize(undefined)).toBe(DEFAULT_POSTGRES_POOL_SIZE);
    for (const bad of ["", "0", "-3", "2.5", "many"]) {
      expect(postgresPoolSize(bad)).toBe(DEFAULT_POSTGRES_POOL_SIZE);
    }
  });

  it("takes DATABASE_SYNCHRONOUS_COMMIT as on or off (default off) and refuses anything else", () => {
    expect(postgresSynchronousCommit(undefined)).toBe("off");
    expect(postgresSynchronousCommit("")).toBe("off");
    expect(postgresSynchronousCommit("OFF")).toBe("off");
    expect(postgresSynchronousCommit(" on ")).toBe("on");
    for (const bad of ["true", "1", "local", "remote_apply"]) {
      expect(() => postgresSynchronousCommit(bad)).toThrow(/must be on or off/);
    }
  });

  it("selects PostgreSQL by the URL's scheme", () => {
    expect(isPostgresUrl("postgresql://u@h/db")).toBe(true);
    expect(isPostgresUrl("postgres://u@h/db")).toBe(true);
    expect(isPostgresUrl("file:./prisma/dev.sqlite")).toBe(false);
  });
});
