import { defaultDatabaseUrl } from "~/db.server";
import { backupDatabase, defaultBackupFile } from "./backup/database-backup";

/**
 * Backs up the database DATABASE_URL names (README, "Operating it").
 *   npm run -s db:backup                 → backups/heady-<time>.sqlite or .dump
 *   npm run -s db:backup -- <file>
 */
async function main(): Promise<number> {
  const url = process.env.DATABASE_URL || defaultDatabaseUrl;
  const file = process.argv[2] ?? defaultBackupFile(url, new Date());
  try {
    const result = await backupDatabase(url, file);
    process.stdout.write(`${result.file}\n`);
    process.stderr.write(`Backed up the ${result.kind} database: ${result.bytes} bytes.\n`);
    return 0;
  } catch (error) {
    process.stderr.write(
      `Backup failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return 1;
  }
}

process.exitCode = await main();
