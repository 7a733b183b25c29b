import { openApiDocument } from "~/api/openapi.server";

// GET /api/v1/openapi.json: the API's OpenAPI 3.1 description (the same as docs/api/openapi.json).
export const loader = () =>
  new Response(JSON.stringify(openApiDocument(), null, 2), {
    headers: { "Content-Type": "application/json", "Cache-Control": "public, max-age=300" },
  });
