import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local stand-in for Inngest's Event API (`POST /e/<event key>`, as the dev server and Inngest
 * Cloud serve it): records every event the app sends and answers `{ ids, status: 200 }` like the
 * real one. Point the SDK at it with INNGEST_EVENT_API_BASE_URL (or INNGEST_BASE_URL).
 * `failNext(n)` makes the next n requests fail with a 500, as an outage would.
 */
export interface SentEvent {
  name: string;
  id?: string;
  data: Record<string, unknown>;
}

export interface InngestEventApiDouble {
  baseUrl: string;
  events: SentEvent[];
  failNext(count: number): void;
  close(): Promise<void>;
}

export async function startInngestEventApi(): Promise<InngestEventApiDouble> {
  const events: SentEvent[] = [];
  let failures = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      res.setHeader("content-type", "application/json");
      if (req.method !== "POST" || !req.url?.startsWith("/e/")) {
        res.statusCode = 404;
        res.end(JSON.stringify({ error: `Unknown path ${req.url ?? ""}`, status: 404 }));
        return;
      }
      if (failures > 0) {
        failures--;
        res.statusCode = 500;
        res.end(JSON.stringify({ error: "event API unavailable", status: 500 }));
        return;
      }
      const body: unknown = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      const batch = (Array.isArray(body) ? body : [body]) as SentEvent[];
      events.push(...batch);
      res.end(
        JSON.stringify({
          ids: batch.map((e, i) => e.id ?? `evt-${events.length + i}`),
          status: 200,
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/`,
    events,
    failNext(count) {
      failures = count;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
