// The process is up and serving; it touches nothing else (see /readyz for dependencies).
export const loader = () =>
  new Response(JSON.stringify({ status: "ok" }), {
    headers: { "Content-Type": "application/json", "Cache-Control": "no-store" },
  });
