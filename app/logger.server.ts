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

/** The app's structured logger (JSON lines on stdout). */
export const logger = createLogger();
