import { db } from "~/db.server";
import { issueResetFor } from "~/ops/operator-accounts.server";

/**
 * Issues a single-use password reset token for an operator (there is no email service): hand it
 * to the operator, who enters it at /ops/reset within 24 hours.
 *   npm run -s ops:reset-password -- ops@example.com
 * The token goes to stdout alone, so it can be piped; everything else goes to stderr.
 */
async function main(): Promise<number> {
  const email = process.argv[2];
  if (!email) {
    process.stderr.write("usage: npm run -s ops:reset-password -- <email>\n");
    return 2;
  }
  try {
    const result = await issueResetFor(db, { email, issuedBy: "cli" });
    if (!result.ok || !result.resetToken) {
      process.stderr.write(`${result.message}\n`);
      return 1;
    }
    process.stderr.write(
      `${result.message}\nEnter it at /ops/reset before ${result.resetToken.expiresAt}.\n`,
    );
    process.stdout.write(`${result.resetToken.token}\n`);
    return 0;
  } finally {
    await db.$disconnect();
  }
}

process.exitCode = await main();
