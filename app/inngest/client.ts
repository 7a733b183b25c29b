import { Inngest } from "inngest";
import { pino } from "pino";

/**
 * The app's one Inngest client. Mode and keys come from the standard variables Inngest reads itself
 * (INNGEST_DEV, INNGEST_EVENT_KEY, INNGEST_SIGNING_KEY); app/env.server.ts validates them at start-up.
 *
 * Logs go through pino (structured, to stdout) rather than Inngest's console logger: a step that
 * fails and is retried is routine, not a console.error. Tests run silent unless LOG_LEVEL says so.
 */
const logger = pino({
  name: "inngest",
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info"),
});

export const inngest = new Inngest({ id: "heady-lab-results", logger });
