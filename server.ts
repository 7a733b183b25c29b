import { createServer } from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import { installGlobals, type ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import type { ServerMiddleware } from "./app/service/server-middleware.server";

/**
 * The production server (`npm start`): remix-serve's Express setup, plus one thing it cannot do —
 * open each request's log context (request id, then the verified shop) before Remix runs any
 * loader or action, and log one JSON line per request instead of morgan's text
 * (docs/decisions/012-running-as-a-service.md). Run by Node's own type stripping, so it imports
 * only packages and types; the middleware (request context, /ops framing headers) comes from the
 * build's entry module, where the app's logger lives.
 *
 * Usage: node server.ts [build/server/index.js]   (PORT, default 3000; HOST, default all addresses)
 */

process.env.NODE_ENV ??= "production";
const buildPath = path.resolve(process.argv[2] ?? "build/server/index.js");
const build = (await import(pathToFileURL(buildPath).href)) as ServerBuild;
installGlobals({ nativeFetch: build.future.v3_singleFetch });
const { serverMiddleware } = build.entry.module as unknown as {
  serverMiddleware: ServerMiddleware[];
};

const app = express();
app.disable("x-powered-by");
app.use(...serverMiddleware);
app.use(compression());
app.use(
  build.publicPath,
  express.static(build.assetsBuildDirectory, { immutable: true, maxAge: "1y" }),
);
app.all("*", createRequestHandler({ build, mode: process.env.NODE_ENV }));

const port = Number(process.env.PORT || 3000);
const server = createServer(app);
// An idle keep-alive connection stays open longer than the proxy or load balancer in front keeps
// its own (60 s is common): Node's default of 5 s closes it first, and a request the proxy sends
// on it just then is lost with a reset. Headers get a little longer than that.
const keepAliveSeconds = Number(process.env.HTTP_KEEP_ALIVE_SECONDS || 65);
server.keepAliveTimeout = keepAliveSeconds * 1000;
server.headersTimeout = (keepAliveSeconds + 1) * 1000;
server.listen(port, process.env.HOST || undefined, () => {
  const address = server.address();
  const where =
    typeof address === "object" && address ? `${address.address}:${address.port}` : port;
  console.log(JSON.stringify({ level: 30, time: Date.now(), msg: `listening on ${where}` }));
});

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
    server.closeIdleConnections();
  });
}
