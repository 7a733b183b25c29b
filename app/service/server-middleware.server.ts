import type { IncomingMessage, ServerResponse } from "node:http";
import { requestContextMiddleware } from "./http-request-context.server";
import { opsFrameProtectionMiddleware } from "./ops-frame-protection.server";

export type ServerMiddleware = (
  request: IncomingMessage,
  response: ServerResponse,
  next: () => void,
) => void;

/** What server.ts runs before Remix, in order (exported through the build's entry module). */
export const serverMiddleware: ServerMiddleware[] = [
  requestContextMiddleware,
  opsFrameProtectionMiddleware,
];
