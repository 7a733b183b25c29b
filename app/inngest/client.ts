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
});
