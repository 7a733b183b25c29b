import {
  serverMiddleware as serviceMiddleware,
  type ServerMiddleware,
} from "~/service/server-middleware.server";
import { webhookMiddleware } from "./webhook-route.server";

/**
 * The composition root of what server.ts runs before Remix: the request's log context and the
 * console's framing headers first, then the webhooks' fast path.
 */
export const serverMiddleware: ServerMiddleware[] = [...serviceMiddleware, webhookMiddleware];
