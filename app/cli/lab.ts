import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { runExtractCommand, type CommandIo } from "./extract-command";

/**
 * `npm run -s lab -- <command>`: `extract <file.pdf> [--json]` reads a COA; anything else goes to
 * the describe command once it exists. Logs go to stderr; stdout carries only the result.
 */

const io: CommandIo = {
  stdout: (text) => process.stdout.write(`${text}\n`),
  stderr: (text) => process.stderr.write(`${text}\n`),
};

const USAGE = "Usage: npm run -s lab -- extract <file.pdf> [--json]";

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === "extract") return runExtractCommand(rest, io);
  const describePath = fileURLToPath(new URL("./describe-command.ts", import.meta.url));
  if (command && existsSync(describePath)) {
    const describe = (await import(describePath)) as {
      runDescribeCommand?: (args: string[], io: CommandIo) => Promise<number>;
    };
    if (describe.runDescribeCommand) return describe.runDescribeCommand(argv, io);
  }
  io.stderr(USAGE);
  return 2;
}

process.exitCode = await main(process.argv.slice(2));
