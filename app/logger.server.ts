import { pino, type DestinationStream, type Logger } from "pino";
import { currentRequestContext } from "./service/request-context.server";
import { redactSecrets } from "./service/redact-secrets";

/**
 * JSON lines. Every line logged while a request is handled carries its `requestId` and, once
 * verified, its `shop` (app/service/request-context.server.ts); every logged object and child
 * binding passes through the deep redaction of app/service/redact-secrets.ts, so no token, key,
 * password, cookie or authorization header reaches a log line, however deeply it is nested.
 */
export function createLogger(destination?: DestinationStream): Logger {
  const log = pino(
    {
      name: "heady-lab-results",
      level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info"),
      mixin() {
        const context = currentRequestContext();
        if (!context) return {};
        return context.shop
          ? { requestId: context.requestId, shop: context.shop }
          : { requestId: context.requestId };
      },
      formatters: {
        log: (object) => redactSecrets(object) as Record<string, unknown>,
        bindings: (bindings) => redactSecrets(bindings) as Record<string, unknown>,
      },
      // redactSecrets has already turned errors into plain objects (type, message, stack, fields).
      serializers: { err: (error: unknown) => error },
    },
    destination,
  );
  // pino applies the bindings formatter to the root's bindings only, not to a child's: redact
  // those on the way in. Children inherit this method, so grandchildren are covered too.
  const pinoChild = log.child;
  log.child = function (this: Logger, bindings, options) {
    return pinoChild.call(this, redactSecrets(bindings) as typeof bindings, options);
  } as typeof log.child;
  return log;
}

/** Bytes of log lines held while stdout's reader is slow, before new lines are dropped. */
const STDOUT_BUFFER_BYTES = 16 * 1024 * 1024;
let droppedLines = 0;

/** Log lines dropped since the process started because stdout's reader fell that far behind. */
export function droppedLogLines(): number {
  return droppedLines;
}

/**
 * Standard output, written asynchronously. pino's default destination writes each line with a
 * synchronous write: when the pipe to a log collector is full (a collector that stalls, a parent
 * process busy elsewhere), the write waits and so does every request. Here a full pipe only makes
 * lines wait in memory (up to STDOUT_BUFFER_BYTES, then they are dropped and counted); pino writes
 * out what is held when the process exits.
 */
export function stdoutDestination(maxBufferBytes = STDOUT_BUFFER_BYTES): DestinationStream {
  const stream = pino.destination({ dest: 1, sync: false, maxLength: maxBufferBytes });
  stream.on("drop", () => {
    droppedLines += 1;
  });
  return stream;
}

/** The app's structured logger (JSON lines on stdout). */
export const logger = createLogger(stdoutDestination());
