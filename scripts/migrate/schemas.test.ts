import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { targetFor, unmigratedChanges } from "./commands";
import { migrationNames } from "./migrations-list";
import {
  migrationsDir,
  modelsOf,
  providers,
  readModels,
  renderSchema,
  schemaPath,
} from "./schemas";

describe("one source of truth for the data model", () => {
  it.each(providers)(
    "the generated %s schema is up to date with prisma/models.prisma",
    (provider) => {
      const committed = readFileSync(schemaPath(provider), "utf8");
      // On failure: run `npm run db:schemas` and commit the result.
      expect(committed).toBe(renderSchema(provider, readModels()));
      expect(modelsOf(provider, committed)).toBe(readModels());
    },
  );

  it("SQLite and PostgreSQL have the same migration history, name for name", () => {
    const sqlite = migrationNames(migrationsDir("sqlite"));
    expect(sqlite.length).toBeGreaterThan(0);
    expect(migrationNames(migrationsDir("postgres"))).toEqual(sqlite);
  });

  it("the SQLite migrations produce exactly the schema the models describe", async () => {
    // Replays the migrations into an in-memory shadow database and diffs against the models.
    expect(await unmigratedChanges(targetFor("file::memory:"))).toBe("");
  });

  const postgres = process.env.TEST_DATABASE_URL;
  it.runIf(postgres?.startsWith("postgres"))(
    "the PostgreSQL migrations produce exactly the schema the models describe",
    async () => {
      expect(await unmigratedChanges(targetFor(postgres ?? ""))).toBe("");
    },
  );
});
