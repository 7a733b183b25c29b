import { writeFileSync } from "node:fs";
import { openApiDocument } from "~/api/openapi.server";

// Writes the REST API's OpenAPI document to docs/api/openapi.json (app/api/openapi.server.ts).
writeFileSync("docs/api/openapi.json", `${JSON.stringify(openApiDocument(), null, 2)}\n`);
process.stderr.write("Wrote docs/api/openapi.json\n");
