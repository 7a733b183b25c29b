import type { ActionFunctionArgs } from "@remix-run/node";
import {
  json,
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from "@remix-run/node";
import { z } from "zod";
import { authenticate } from "~/shopify.server";
import { uploadDeps } from "~/composition/merchant-actions.server";
import { tooLargeMessage, uploadLabReport } from "~/merchant/upload-lab-report.server";
import type { BulkFileAnswer } from "~/components/bulk-upload-state";

/**
 * One file of a bulk upload (the page sends each file as its own request): stored and queued
 * without a product, through the same checks and plan allowance as a single upload. The answer
 * is JSON for the page's queue, never a redirect.
 */

const bulkFile = z.object({
  file: z.custom<File>((value) => value instanceof Blob && "name" in value, "Choose a COA PDF."),
});

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const deps = uploadDeps();
  const { maxBytes } = deps.limits;
  const refused = (reason: string, message: string, status: number) =>
    json<BulkFileAnswer>({ ok: false, reason, message }, status);
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes + 64 * 1024) return refused("too-large", tooLargeMessage(maxBytes), 413);

  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(
      request,
      unstable_createMemoryUploadHandler({ maxPartSize: maxBytes }),
    );
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) {
      return refused("too-large", tooLargeMessage(maxBytes), 413);
    }
    throw error;
  }
  const parsed = bulkFile.safeParse(Object.fromEntries(form));
  if (!parsed.success) return refused("no-file", "Choose a COA PDF.", 400);
  const { file } = parsed.data;
  const result = await uploadLabReport(deps, {
    shop: session.shop,
    productId: null,
    productTitle: null,
    fileName: file.name || "coa.pdf",
    bytes: new Uint8Array(await file.arrayBuffer()),
  });
  if (result.ok) return json<BulkFileAnswer>({ ok: true, reportId: result.reportId }, 201);
  if (result.reason === "duplicate") {
    return json<BulkFileAnswer>(
      {
        ok: false,
        reason: "duplicate",
        message: result.message,
        reportId: result.existing.reportId,
      },
      409,
    );
  }
  const status =
    result.reason === "plan-limit-reached" || result.reason === "payment-issue" ? 402 : 422;
  return refused(result.reason, result.message, status);
};
