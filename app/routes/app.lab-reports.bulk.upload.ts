import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { authenticate } from "~/shopify.server";
import { uploadDeps } from "~/composition/merchant-actions.server";
import { readCoaForm } from "~/merchant/upload-form.server";
import { holdStatus, uploadHold, uploadLabReport } from "~/merchant/upload-lab-report.server";
import type { BulkFileAnswer } from "~/components/bulk-upload-state";

/**
 * One file of a bulk upload (the page sends each file as its own request): stored and queued
 * without a product, through the same checks and plan allowance as a single upload — the plan
 * before the body, the body read bounded while it streams. The answer is JSON for the page's
 * queue, never a redirect; a file that must wait its turn (`slow-down`, 429) says after how many
 * seconds to send it again, and the page does.
 */
export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const deps = uploadDeps();
  const refused = (reason: string, message: string, status: number) =>
    json<BulkFileAnswer>({ ok: false, reason, message }, status);
  const held = await uploadHold(deps, session.shop, request);
  if (held) {
    const { status, headers } = holdStatus(held);
    const retryAfterSeconds = held.reason === "slow-down" ? held.retryAfterSeconds : undefined;
    return json<BulkFileAnswer>(
      { ok: false, reason: held.reason, message: held.message, retryAfterSeconds },
      { status, headers },
    );
  }
  const form = await readCoaForm(request, deps.limits.maxBytes);
  if (!form.ok) return refused(form.code, form.message, form.status);
  const file = form.files.file;
  if (!file) return refused("no-file", "Choose a COA PDF.", 400);
  const result = await uploadLabReport(deps, {
    shop: session.shop,
    productId: null,
    productTitle: null,
    fileName: file.name || "coa.pdf",
    bytes: file.bytes,
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
