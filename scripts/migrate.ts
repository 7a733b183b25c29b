import { existsSync } from "node:fs";
import path from "node:path";
import {
  createMigration,
  deployMigrations,
  migrationStatus,
  targetFor,
  unmigratedChanges,
} from "./migrate/commands";
import { defaultDatabaseUrl, writeSchemas } from "./migrate/schemas";

// Migrations through Prisma's WebAssembly schema engine and the driver adapters, because the
// native engine cannot be downloaded here (docs/decisions/002-offline-migrations.md).
// Usage: tsx scripts/migrate.ts create <name> | deploy | check | status | schemas

const usage = "Usage: tsx scripts/migrate.ts create <name> | deploy | check | status | schemas";

async function main(args: string[]): Promise<number> {
  if (existsSync(".env")) process.loadEnvFile(".env");
  const url = process.env.DATABASE_URL ?? defaultDatabaseUrl;
  const target = targetFor(url);
  const where = `${target.provider} (${redact(url)}), migrations in ${path.relative(process.cwd(), target.migrationsDir)}`;
  const [command, name] = args;

  switch (command) {
    case "schemas": {
      const changed = writeSchemas();
      console.log(changed.length ? `Wrote ${changed.join(", ")} schema` : "Schemas are up to date");
      return 0;
    }
    case "create": {
      if (!name) {
        console.log(usage);
        return 2;
      }
      writeSchemas();
      const result = await createMigration(target, name);
      console.log(
        result.created
          ? `Created ${path.relative(process.cwd(), result.directory)}/migration.sql for ${where}`
          : `No changes: the migrations already match prisma/models.prisma (${where})`,
      );
      return 0;
    }
    case "deploy": {
      const applied = await deployMigrations(target);
      console.log(
        applied.length
          ? `Applied ${applied.length} migration(s) to ${where}:\n  ${applied.join("\n  ")}`
          : `No pending migrations for ${where}`,
      );
      return 0;
    }
    case "check": {
      const stale = writeSchemas();
      const sql = await unmigratedChanges(target);
      if (stale.length) console.log(`Regenerated the ${stale.join(", ")} schema: commit it.`);
      if (sql.trim() === "") {
        console.log(`The migrations match prisma/models.prisma (${where})`);
        return stale.length ? 1 : 0;
      }
      console.log(`prisma/models.prisma has changes no migration holds (${where}):\n\n${sql}`);
      console.log(`Run: npm run db:migrate:create -- <name>`);
      return 1;
    }
    case "status": {
      const status = await migrationStatus(target);
      console.log(`${status.migrations.length} migration(s) in ${where}`);
      for (const [label, names] of Object.entries({
        pending: status.pending,
        failed: status.failed,
        "edited after applying": status.edited,
        "applied but missing from the folder": status.unknown,
      })) {
        if (names.length) console.log(`${label}:\n  ${names.join("\n  ")}`);
      }
      const clean = [status.pending, status.failed, status.edited, status.unknown].every(
        (names) => names.length === 0,
      );
      if (clean) console.log("Database schema is up to date");
      return clean ? 0 : 1;
    }
    default:
      console.log(usage);
      return 2;
  }
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@");
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
