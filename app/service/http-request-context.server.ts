import type { IncomingMessage, ServerResponse } from "node:http";
import { logger } from "~/logger.server";
import {
  requestIdFrom,
  runWithRequestContext,
  type RequestContext,
} from "./request-context.server";

/**
 * The production server's first middleware (server.ts): gives the request its id (echoed in
 * `X-Request-Id`), runs everything after it inside that request's log context, and logs one line
 * when the response is sent. Only the path is logged: embedded-app query strings carry session
 * tokens (`id_token`) and HMACs.
 */
export function requestContextMiddleware(
  request: IncomingMessage,
  response: ServerResponse,
  next: () => void,
): void {
  const header = request.headers["x-request-id"];
  const context: RequestContext = {
    requestId: requestIdFrom(typeof header === "string" ? header : undefined),
  };
  response.setHeader("X-Request-Id", context.requestId);
  const started = performance.now();
  response.once("finish", () =>
    runWithRequestContext(context, () =>
      logger.info(
        {
          method: request.method,
          path: (request.url ?? "").split("?")[0],
          status: response.statusCode,
          durationMs: Math.round((performance.now() - started) * 10) / 10,
        },
        "request",
      ),
    ),
  );
  runWithRequestContext(context, next);
}
