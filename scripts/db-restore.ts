import { defaultDatabaseUrl } from "~/db.server";
import { restoreDatabase } from "./backup/database-backup";

/**
 * Replaces the contents of the database DATABASE_URL names with a backup's. Stop the app first.
 *   npm run -s db:restore -- <file> --yes
 */
async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const file = args.find((arg) => !arg.startsWith("--"));
  if (!file) {
    process.stderr.write("usage: npm run -s db:restore -- <backup file> --yes\n");
    return 2;
  }
  const url = process.env.DATABASE_URL || defaultDatabaseUrl;
  const where = url.replace(/\/\/[^@/]*@/, "//");
  if (!args.includes("--yes")) {
    process.stderr.write(
      `This replaces everything in ${where} with ${file}. Stop the app, then run again with --yes.\n`,
    );
    return 2;
  }
  try {
    await restoreDatabase(url, file);
    process.stderr.write(`Restored ${where} from ${file}.\n`);
    return 0;
  } catch (error) {
    process.stderr.write(
      `Restore failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return 1;
  }
}

process.exitCode = await main();
