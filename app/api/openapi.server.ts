import { z } from "zod";
import { labReportSchema } from "~/pipeline/lab-report";
import { labReportStatuses } from "~/models/lab-report.server";
import { MAX_FIELD_BYTES, MAX_FORM_PARTS } from "~/merchant/upload-form.server";
import { API_ERROR_CODES } from "./problem.server";

/**
 * The REST API's OpenAPI 3.1 description. `npm run api:openapi` writes it to docs/api/openapi.json
 * (a test fails when that file is stale); GET /api/v1/openapi.json serves it. The lab report
 * schema is generated from the pipeline's zod schema, the same contract `lab extract --json` prints.
 */

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

const problemContent = { "application/problem+json": { schema: ref("Problem") } };

function problem(description: string, headers?: Record<string, unknown>) {
  return { description, content: problemContent, ...(headers ? { headers } : {}) };
}

const rateLimitHeaders = {
  "RateLimit-Limit": {
    description: "Requests this token may make per minute.",
    schema: { type: "string" },
  },
  "RateLimit-Remaining": {
    description: "Requests left in the current minute.",
    schema: { type: "string" },
  },
  "RateLimit-Reset": {
    description: "Seconds until the current minute's window ends.",
    schema: { type: "string" },
  },
};

const common = {
  "401": problem("No token, or an unknown or revoked one (`code`: `unauthorized`)."),
  "403": problem("The token lacks the scope this operation needs (`code`: `forbidden`)."),
  "429": problem("The token's rate limit is used up (`code`: `rate-limited`).", {
    "Retry-After": {
      description: "Seconds to wait before the next request.",
      schema: { type: "string" },
    },
  }),
};

function labReportJsonSchema(): Record<string, unknown> {
  const { $schema: _dialect, ...schema } = z.toJSONSchema(labReportSchema, {
    target: "draft-2020-12",
    io: "output",
  }) as Record<string, unknown>;
  return {
    ...schema,
    description:
      "The lab report extracted from the COA: the JSON contract that `npm run -s lab -- extract <coa.pdf> --json` prints.",
  };
}

export function openApiDocument() {
  const nullableString = { type: ["string", "null"] };
  return {
    openapi: "3.1.0",
    info: {
      title: "Heady Lab Results API",
      version: "1.0.0",
      description:
        "Upload a lab's Certificate of Analysis (COA) PDF, follow it through extraction and writing, read the extracted lab report and the description, and approve it for publishing. Every request is made with a shop's API token (created on the app's API access page) and sees only that shop's data.",
    },
    servers: [{ url: "/", description: "The app's own address" }],
    security: [{ bearerAuth: [] }],
    paths: {
      "/api/v1/lab-reports": {
        get: {
          operationId: "listLabReports",
          summary: "List the shop's lab reports, newest first",
          description: "Scope: read.",
          parameters: [
            {
              name: "status",
              in: "query",
              required: false,
              schema: ref("LabReportStatus"),
            },
            {
              name: "cursor",
              in: "query",
              required: false,
              description: "The `nextCursor` of the previous page.",
              schema: { type: "string", minLength: 1, maxLength: 64 },
            },
            {
              name: "limit",
              in: "query",
              required: false,
              schema: { type: "integer", minimum: 1, maximum: 100, default: 20 },
            },
          ],
          responses: {
            "200": {
              description: "One page of reports.",
              headers: rateLimitHeaders,
              content: { "application/json": { schema: ref("LabReportList") } },
            },
            "400": problem("A query parameter is not valid (`code`: `invalid-request`)."),
            ...common,
          },
        },
        post: {
          operationId: "uploadLabReport",
          summary: "Upload a COA PDF for processing",
          description: `Scope: write. The same checks, monthly quota, payment hold and queue as the upload page in the Shopify admin. The quota and payment hold are checked before the body is read. The body is read as it arrives, within limits: one file, at most ${MAX_FORM_PARTS} parts, ${MAX_FIELD_BYTES / 1024} KB a text field, and the file size limit; the first limit passed ends the request, with or without \`Content-Length\`. The report is processed in the background: poll its URL (the \`Location\` header).`,
          requestBody: {
            required: true,
            content: {
              "multipart/form-data": {
                schema: {
                  type: "object",
                  required: ["file"],
                  properties: {
                    file: {
                      type: "string",
                      contentMediaType: "application/pdf",
                      description: "The COA PDF.",
                    },
                    productId: {
                      type: "string",
                      description:
                        "The product to publish to (gid://shopify/Product/123 or 123). Optional.",
                    },
                    variantId: {
                      type: "string",
                      description:
                        "Or a variant of it (gid://shopify/ProductVariant/123 or 123); the report is linked to its product.",
                    },
                  },
                },
              },
            },
          },
          responses: {
            "202": {
              description: "Accepted and queued (or saved, with `queued: false`, to be retried).",
              headers: {
                Location: {
                  description: "The report's URL.",
                  schema: { type: "string" },
                },
                ...rateLimitHeaders,
              },
              content: { "application/json": { schema: ref("UploadAccepted") } },
            },
            "400": problem(
              "The body is not a multipart form with a `file` part, or holds more files or parts than an upload needs (`invalid-request`).",
            ),
            "402": problem(
              "The plan's monthly reports are used up (`plan-limit-reached`), or uploads are held by a payment issue (`payment-issue`). Answered before the body is read.",
            ),
            "409": problem(
              "The same file was uploaded before (`duplicate`): the earlier report stands and nothing is queued.",
            ),
            "413": problem(
              `The file is larger than the limit (\`too-large\`), or a text field longer than ${MAX_FIELD_BYTES / 1024} KB (\`payload-too-large\`).`,
            ),
            "422": problem(
              "The file is not a readable COA PDF (`not-a-pdf`, `encrypted-pdf`, `corrupt-pdf`, `too-many-pages`, …) or the product does not exist (`product-not-found`).",
            ),
            ...common,
            "429": problem(
              "The token's rate limit is used up (`rate-limited`), or the shop's uploads arrive faster than the app takes them in (`slow-down`, answered before the body is read). Send again after Retry-After.",
              {
                "Retry-After": {
                  description: "Seconds to wait before the next request.",
                  schema: { type: "string" },
                },
              },
            ),
          },
        },
      },
      "/api/v1/lab-reports/{id}": {
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
        get: {
          operationId: "getLabReport",
          summary: "A report's status, extracted lab report, warnings and current description",
          description: "Scope: read.",
          responses: {
            "200": {
              description: "The report.",
              headers: rateLimitHeaders,
              content: { "application/json": { schema: ref("LabReportDetail") } },
            },
            "404": problem("No report with this id in the token's shop (`not-found`)."),
            ...common,
          },
        },
      },
      "/api/v1/lab-reports/{id}/approve": {
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
        post: {
          operationId: "approveLabReport",
          summary: "Approve the current description for publishing",
          description:
            "Scope: write. Only a report in `awaiting-approval` can be approved; publishing to the product follows in the background.",
          responses: {
            "202": {
              description: "Approved; publishing starts.",
              headers: rateLimitHeaders,
              content: { "application/json": { schema: ref("ApprovalAccepted") } },
            },
            "404": problem("No report with this id in the token's shop (`not-found`)."),
            "409": problem("The report is not waiting for approval (`wrong-status`)."),
            ...common,
          },
        },
      },
      "/api/v1/openapi.json": {
        get: {
          operationId: "getOpenApiDocument",
          summary: "This document",
          security: [],
          responses: {
            "200": {
              description: "The OpenAPI 3.1 description of the API.",
              content: { "application/json": { schema: { type: "object" } } },
            },
          },
        },
      },
    },
    components: {
      securitySchemes: {
        bearerAuth: {
          type: "http",
          scheme: "bearer",
          description:
            "A shop's API token (`hlr_…`), created on the app's API access page and shown once. Scope `read` lists and reads; `write` also uploads and approves.",
        },
      },
      schemas: {
        Problem: {
          type: "object",
          description: "RFC 9457 problem details.",
          required: ["type", "title", "status", "detail", "code"],
          properties: {
            type: { type: "string", format: "uri" },
            title: { type: "string" },
            status: { type: "integer", minimum: 400, maximum: 599 },
            detail: { type: "string" },
            code: {
              type: "string",
              enum: [...API_ERROR_CODES],
              description: "The same code the CLI prints (`lab extract --json`).",
            },
            instance: { type: "string" },
          },
          additionalProperties: false,
        },
        LabReportStatus: { type: "string", enum: [...labReportStatuses] },
        LabReportFields: {
          type: "object",
          required: [
            "id",
            "status",
            "fileName",
            "productId",
            "productTitle",
            "errorCode",
            "errorMessage",
            "createdAt",
            "updatedAt",
          ],
          properties: {
            id: { type: "string" },
            status: ref("LabReportStatus"),
            fileName: { type: "string" },
            productId: nullableString,
            productTitle: nullableString,
            errorCode: nullableString,
            errorMessage: nullableString,
            createdAt: { type: "string", format: "date-time" },
            updatedAt: { type: "string", format: "date-time" },
          },
        },
        LabReportSummary: {
          allOf: [ref("LabReportFields")],
          unevaluatedProperties: false,
        },
        LabReportList: {
          type: "object",
          required: ["data", "nextCursor"],
          properties: {
            data: { type: "array", items: ref("LabReportSummary") },
            nextCursor: {
              ...nullableString,
              description: "Pass as `cursor` for the next page; null on the last page.",
            },
          },
          additionalProperties: false,
        },
        Description: {
          type: "object",
          required: [
            "id",
            "version",
            "html",
            "seoTitle",
            "seoDescription",
            "source",
            "publishedAt",
          ],
          properties: {
            id: { type: "string" },
            version: { type: "integer", minimum: 1 },
            html: { type: "string", description: "Sanitised HTML." },
            seoTitle: { type: "string" },
            seoDescription: { type: "string" },
            source: { type: "string", enum: ["model", "template", "merchant"] },
            publishedAt: { type: ["string", "null"], format: "date-time" },
          },
          additionalProperties: false,
        },
        LabReportDetail: {
          allOf: [
            ref("LabReportFields"),
            {
              type: "object",
              required: ["pageCount", "report", "warnings", "uncertainFields", "description"],
              properties: {
                pageCount: { type: ["integer", "null"] },
                report: { oneOf: [ref("LabReport"), { type: "null" }] },
                warnings: {
                  type: "array",
                  items: { type: "string" },
                  description: "What a person should check before publishing, in plain words.",
                },
                uncertainFields: { type: "array", items: { type: "string" } },
                description: { oneOf: [ref("Description"), { type: "null" }] },
              },
            },
          ],
          unevaluatedProperties: false,
        },
        UploadAccepted: {
          allOf: [
            ref("LabReportFields"),
            {
              type: "object",
              required: ["queued"],
              properties: {
                queued: {
                  type: "boolean",
                  description:
                    "False when the report was saved but the queue could not be reached; it is then `failed` with `queue-unavailable` and can be retried in the admin.",
                },
              },
            },
          ],
          unevaluatedProperties: false,
        },
        ApprovalAccepted: {
          allOf: [
            ref("LabReportFields"),
            { type: "object", required: ["message"], properties: { message: { type: "string" } } },
          ],
          unevaluatedProperties: false,
        },
        LabReport: labReportJsonSchema(),
      },
    },
  };
}
