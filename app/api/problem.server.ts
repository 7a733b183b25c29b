import type { ExtractionErrorCode } from "~/pipeline/extraction-error";
import type { UploadRejection } from "~/merchant/upload-lab-report.server";

/**
 * Errors of the REST API as RFC 9457 problem details (`application/problem+json`). `code` is the
 * same machine-readable code the CLI prints (`lab extract --json` → `{ error: { code } }`) and the
 * admin shows, so an integration handles one vocabulary; `type` is a URN naming that code.
 */

export type ApiErrorCode =
  | ExtractionErrorCode
  | UploadRejection
  | "file-not-readable"
  | "invalid-request"
  | "unauthorized"
  | "forbidden"
  | "not-found"
  | "wrong-status"
  | "rate-limited"
  | "product-not-found"
  | "payload-too-large"
  | "duplicate";

/** Every code a problem can carry (the OpenAPI document's enum). */
export const API_ERROR_CODES = [
  "not-a-pdf",
  "corrupt-pdf",
  "encrypted-pdf",
  "empty-pdf",
  "no-text-layer",
  "too-many-pages",
  "too-complex",
  "timeout",
  "unreadable-layout",
  "not-a-coa",
  "unsupported-language",
  "too-large",
  "empty-file",
  "plan-limit-reached",
  "payment-issue",
  "slow-down",
  "file-not-readable",
  "invalid-request",
  "unauthorized",
  "forbidden",
  "not-found",
  "wrong-status",
  "rate-limited",
  "product-not-found",
  "payload-too-large",
  "duplicate",
] as const satisfies readonly ApiErrorCode[];

// Fails to compile when a code is added to ApiErrorCode but not to the list above.
const everyCodeListed: Exclude<ApiErrorCode, (typeof API_ERROR_CODES)[number]> extends never
  ? true
  : false = true;
void everyCodeListed;

export const PROBLEM_CONTENT_TYPE = "application/problem+json";

const TITLES: Partial<Record<ApiErrorCode, string>> = {
  "invalid-request": "The request is not valid",
  unauthorized: "A valid API token is required",
  forbidden: "This token's scope does not allow the request",
  "not-found": "No such lab report",
  "wrong-status": "The lab report is not in a state that allows this",
  "rate-limited": "Too many requests",
  "plan-limit-reached": "The plan's monthly lab reports are used up",
  "payment-issue": "Uploads are held until the subscription's payment is fixed",
  "slow-down": "Uploads are arriving faster than they are taken in; send this one again later",
  "product-not-found": "No such product in this shop",
};

export type Problem = {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ApiErrorCode;
  instance?: string;
};

export function problemResponse(
  request: Request,
  status: number,
  code: ApiErrorCode,
  detail: string,
  headers: Record<string, string> = {},
): Response {
  const body: Problem = {
    type: `urn:heady-lab-results:problem:${code}`,
    title: TITLES[code] ?? "The lab report could not be accepted",
    status,
    detail,
    code,
    instance: new URL(request.url).pathname,
  };
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": PROBLEM_CONTENT_TYPE, "Cache-Control": "no-store", ...headers },
  });
}

export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json", "Cache-Control": "no-store", ...headers },
  });
}

export function methodNotAllowed(request: Request, allow: string): Response {
  const response = problemResponse(
    request,
    405,
    "invalid-request",
    `${request.method} is not allowed here; use ${allow}.`,
    { Allow: allow },
  );
  return response;
}
