import { readFileSync } from "node:fs";
import path from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { expect } from "vitest";

/**
 * Checks an API response against docs/api/openapi.json: the status must be documented for the
 * operation, the content type must be one it lists, and the body must match that schema (JSON
 * Schema 2020-12, as OpenAPI 3.1 uses). Any mismatch fails the test with ajv's errors.
 */

const DOCUMENT_PATH = path.resolve(import.meta.dirname, "../../docs/api/openapi.json");

type Operation = {
  responses: Record<
    string,
    { content?: Record<string, { schema: unknown }>; headers?: Record<string, unknown> }
  >;
};

export const openApi = JSON.parse(readFileSync(DOCUMENT_PATH, "utf8")) as {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown> };
};

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats.default(ajv);
ajv.addSchema(openApi, "openapi.json");

function pointer(...parts: string[]): string {
  return parts.map((part) => part.replace(/~/g, "~0").replace(/\//g, "~1")).join("/");
}

/** `route` is the document's path template, e.g. "/api/v1/lab-reports/{id}". */
export async function expectDocumentedResponse(
  response: Response,
  method: "get" | "post",
  route: string,
): Promise<unknown> {
  const operation = openApi.paths[route]?.[method];
  expect(operation, `${method.toUpperCase()} ${route} is documented`).toBeDefined();
  const status = String(response.status);
  const documented = operation?.responses[status];
  expect(documented, `${method.toUpperCase()} ${route} documents status ${status}`).toBeDefined();
  const contentType = (response.headers.get("content-type") ?? "").split(";")[0]?.trim() ?? "";
  const media = documented?.content?.[contentType];
  expect(media, `${status} of ${route} documents ${contentType}`).toBeDefined();
  const body: unknown = await response.clone().json();
  const validate = ajv.getSchema(
    `openapi.json#/${pointer("paths", route, method, "responses", status, "content", contentType, "schema")}`,
  );
  if (!validate) throw new Error(`No schema for ${status} of ${method} ${route}`);
  const valid = validate(body);
  expect(
    valid ? [] : validate.errors?.map((e) => `${e.instancePath} ${e.message}`),
    `${status} body of ${method.toUpperCase()} ${route} matches the OpenAPI schema`,
  ).toEqual([]);
  for (const [name] of Object.entries(documented?.headers ?? {})) {
    if (name === "Retry-After" || name === "Location") {
      expect(response.headers.get(name), `${name} header on ${status}`).not.toBeNull();
    }
  }
  return body;
}
