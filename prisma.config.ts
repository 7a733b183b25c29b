import { existsSync } from "node:fs";
import path from "node:path";
import { defineConfig } from "prisma/config";

// Prisma 7 reads no .env by itself; DATABASE_URL from the shell wins over the file.
if (existsSync(".env")) process.loadEnvFile(".env");

// `prisma generate` insists that a schema engine binary exists but never runs it; the real one
// cannot be downloaded here, so point it at a stub that explains what to run instead
// (docs/decisions/002-offline-migrations.md). An engine set in the environment still wins.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.join(
  import.meta.dirname,
  "prisma",
  "schema-engine-stub.sh",
);
// The CLI's background update check cannot succeed offline.
process.env.CHECKPOINT_DISABLE ??= "1";

const url = process.env.DATABASE_URL ?? "file:./prisma/dev.sqlite";
// One models file, one schema and migration history per provider (docs/decisions/003).
const provider = /^postgres(ql)?:\/\//i.test(url) ? "postgres" : "sqlite";

export default defineConfig({
  schema: path.join("prisma", provider, "schema.prisma"),
  migrations: { path: path.join("prisma", provider, "migrations") },
  datasource: { url },
});
