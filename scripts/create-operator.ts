import { createInterface } from "node:readline/promises";
import { db } from "~/db.server";
import { recordActivity } from "~/models/activity.server";
import { createOperator, isOperatorRole } from "~/models/operator.server";

/**
 * Creates an operator account for the console at /ops.
 *   npm run -s ops:create-operator -- ops@example.com [--role admin|support]   (default admin)
 * The password comes from OPS_OPERATOR_PASSWORD or is asked for on the terminal (never an argument,
 * which would land in shell history and process lists).
 */
async function main(): Promise<number> {
  const [email, flag, roleArg] = process.argv.slice(2);
  const role = flag === "--role" ? roleArg : "admin";
  if (!email || (flag !== undefined && flag !== "--role") || !role || !isOperatorRole(role)) {
    process.stderr.write(
      "usage: npm run -s ops:create-operator -- <email> [--role admin|support]\n",
    );
    return 2;
  }
  let password = process.env.OPS_OPERATOR_PASSWORD;
  if (!password) {
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    password = await rl.question("Password (12+ characters): ");
    rl.close();
  }
  try {
    const operator = await createOperator(db, { email, password, role });
    await recordActivity(db, {
      shop: "(ops)",
      actor: "cli",
      action: "ops.operator-created",
      target: operator.email,
      details: { role: operator.role },
    });
    process.stderr.write(`Created operator ${operator.email} (${operator.role})\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    await db.$disconnect();
  }
}

process.exitCode = await main();
