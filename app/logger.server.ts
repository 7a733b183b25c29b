import { pino, type DestinationStream, type Logger } from "pino";

/** Wherever these appear in a logged object they are replaced: secrets never reach a log line. */
const REDACTED_PATHS = [
  "accessToken",
  "refreshToken",
  "apiKey",
  "password",
  "token",
  "secret",
].flatMap((key) => [key, `*.${key}`]);

export function createLogger(destination?: DestinationStream): Logger {
  return pino(
    {
      name: "heady-lab-results",
      level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info"),
      redact: {
        paths: [
          ...REDACTED_PATHS,
          "headers.authorization",
          "*.headers.authorization",
          "headers.cookie",
          "*.headers.cookie",
        ],
        censor: "[redacted]",
      },
    },
    destination,
  );
}

/** The app's structured logger (JSON lines on stdout). */
export const logger = createLogger();
