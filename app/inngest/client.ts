import { Inngest } from "inngest";
import { logger } from "~/logger.server";

/**
 * The app's one Inngest client. Mode and keys come from the standard variables Inngest reads itself
 * (INNGEST_DEV, INNGEST_EVENT_KEY, INNGEST_SIGNING_KEY); app/env.server.ts validates them at start-up.
 *
 * Logs go through the app's pino logger rather than Inngest's console logger: a step that fails and
 * is retried is routine, not a console.error (which also fails a test, test/setup.ts).
 */
export const inngest = new Inngest({
  id: "heady-lab-results",
  logger: logger.child({ component: "inngest" }),
  ...inngestMode(process.env),
});

/**
 * A production process is never in dev mode, whatever INNGEST_DEV says: in dev mode the SDK runs
 * every call to /api/inngest without checking its signature. (The environment check refuses to
 * start with INNGEST_DEV set in production; this holds even where that check did not run.)
 */
export function inngestMode(processEnv: Record<string, string | undefined>): { isDev?: false } {
  return processEnv.NODE_ENV === "production" ? { isDev: false } : {};
}
