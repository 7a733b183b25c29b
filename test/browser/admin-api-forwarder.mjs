// Loaded into the app server's process in browser tests (NODE_OPTIONS=--import): the Admin API
// calls the server makes to https://<shop>/admin/api/… go to HEADY_TEST_ADMIN_FORWARD instead, a
// local address where the test process answers them with the Shopify Admin double.
import { setupServer } from "msw/node";
import { http, HttpResponse } from "msw";

const target = process.env.HEADY_TEST_ADMIN_FORWARD;
if (target) {
  const server = setupServer(
    http.post("https://:shop/admin/api/:version/graphql.json", async ({ request }) => {
      const url = new URL(request.url);
      const answer = await fetch(`${target}${url.pathname}`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-shopify-access-token": request.headers.get("x-shopify-access-token") ?? "",
          "x-heady-shop": url.host,
        },
        body: await request.text(),
      });
      return new HttpResponse(await answer.text(), {
        status: answer.status,
        headers: { "content-type": "application/json" },
      });
    }),
  );
  server.listen({ onUnhandledRequest: "bypass" });
}
