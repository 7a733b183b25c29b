import {
  approveDescription,
  retryLabReport,
  type ActionResult,
  type LabReportActionDeps,
} from "./lab-report-actions.server";

/**
 * One action on many reports from the list. Each report goes through the same checks as on its own
 * page — a report held for the hemp limits is not published without its acknowledgement, which
 * only its page can give — and the answer counts what happened.
 */
export type BulkIntent = "approve" | "retry";

export interface BulkResult {
  ok: boolean;
  message: string;
  done: number;
  skipped: number;
}

const MAX_REPORTS = 50;

export async function actOnReports(
  deps: LabReportActionDeps,
  input: { shop: string; intent: BulkIntent; reportIds: string[] },
): Promise<BulkResult> {
  const ids = [...new Set(input.reportIds)].slice(0, MAX_REPORTS);
  const results: ActionResult[] = [];
  for (const reportId of ids) {
    const target = { shop: input.shop, reportId };
    results.push(
      input.intent === "approve"
        ? await approveDescription(deps, target)
        : await retryLabReport(deps, target),
    );
  }
  const done = results.filter((r) => r.ok).length;
  const skipped = results.length - done;
  const verb = input.intent === "approve" ? "publishing" : "processing again";
  const held = results.filter((r) => !r.ok && r.reason === "rejected").map((r) => r.message);
  const heldWhy = [
    held.some((m) => /hemp/.test(m)) ? "acknowledge its hemp limits" : null,
    held.some((m) => /product/.test(m)) ? "choose its product" : null,
  ].filter(Boolean);
  const message =
    done === 0
      ? input.intent === "approve"
        ? "None of these can be published from the list. Open each report to review it."
        : "None of these can be retried: only failed reports can."
      : `${done} ${done === 1 ? "report" : "reports"} ${verb}.${
          skipped > 0
            ? ` ${skipped} skipped${heldWhy.length > 0 ? ` (open a held report to ${heldWhy.join(" or ")})` : ""}.`
            : ""
        }`;
  return { ok: done > 0, message, done, skipped };
}
