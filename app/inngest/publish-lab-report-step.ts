import { NonRetriableError } from "inngest";
import { publishLabReport, type PublishStep } from "~/pipeline/publish-lab-report";
import type { ShopifyRefusal } from "~/pipeline/shopify-publishing-port";
import { failFor, moveTo } from "./process-lab-report-steps";
import type { FailureReason, ProcessLabReportDeps } from "./process-lab-report-ports";
import { withStepErrors } from "./step-errors";

/**
 * The publish-lab-report step: it gathers what to publish (the report, the approved description,
 * the PDF, the variants, an earlier attempt's COA file) and runs the pipeline's publishLabReport
 * over the shop's publishing port. A step Shopify refuses fails the report with the step's code
 * (`shopify-<step>`), the product as it was (or, if putting it back was refused too, its
 * description untouched); Retry and Restore stay available.
 */

export type PublishStepResult =
  { outcome: "published"; descriptionId: string } | { outcome: "already-published" };

/** What the merchant reads for each step Shopify refused; Shopify's own words follow. */
const REFUSED: Record<PublishStep, string> = {
  "read-product": "Shopify could not find the product or its variants.",
  "ensure-definitions": "Shopify did not accept the lab results fields.",
  "upload-coa-file": "Shopify did not accept the COA file.",
  "set-metafields": "Shopify did not accept the lab results.",
  "publish-batch-record": "Shopify did not accept the batch record.",
  "update-description": "Shopify did not accept the description.",
};

export function publishRefusal(refused: {
  step: PublishStep;
  userErrors: ShopifyRefusal[];
  undone: boolean;
}): FailureReason {
  // The page's buttons are "Try again" and "Restore the previous product description".
  const product = refused.undone
    ? "The product was left as it was. Try again to publish it."
    : "The product's description was not changed, but some of the new lab data may be on it: restore the previous product description to put it back, or try again.";
  return {
    code: `shopify-${refused.step}`,
    message: `${REFUSED[refused.step]} ${refused.userErrors.map((e) => e.message).join(" ")} ${product}`,
  };
}

export async function publishLabReportStep(
  deps: ProcessLabReportDeps,
  shop: string,
  reportId: string,
  descriptionId: string | null,
): Promise<PublishStepResult> {
  const record = await deps.reports.find(shop, reportId);
  if (!record) throw new NonRetriableError(`Lab report ${reportId} no longer exists.`);
  if (record.status === "published") return { outcome: "already-published" };
  // The uninstall event cancels the run; this holds even if that event were lost or late.
  if (!(await deps.shops.settings(shop))) {
    return failFor(deps, shop, reportId, {
      code: "shop-uninstalled",
      message: "The app was uninstalled from this shop, so nothing was published.",
    });
  }
  const productId = record.productId;
  if (!productId) {
    return failFor(deps, shop, reportId, {
      code: "no-product",
      message: "This lab report is not linked to a product. Choose a product, then publish.",
    });
  }

  await moveTo(deps, shop, reportId, "publishing");
  const [extraction, description, pdf] = await Promise.all([
    deps.reports.readExtraction(shop, reportId),
    deps.reports.readDescription(shop, reportId, descriptionId),
    deps.reports.readPdf(shop, reportId),
  ]);
  if (!extraction || !description || !pdf) {
    return failFor(deps, shop, reportId, {
      code: "incomplete-report",
      message:
        "Part of this lab report is missing (data, description or PDF). Upload the COA again.",
    });
  }
  const result = await withStepErrors(async () =>
    publishLabReport(
      {
        productId,
        variantIds: record.variantIds,
        report: extraction.report,
        description: {
          descriptionHtml: description.html,
          seoTitle: description.seoTitle,
          seoDescription: description.seoDescription,
        },
        coaFile: { fileName: record.fileName, bytes: pdf },
        coaFileId: record.coaFileId,
      },
      await deps.shopifyPublishing(shop),
      {
        keepPrevious: (previous) => deps.reports.keepPreviousProduct(shop, reportId, previous),
        keepCoaFileId: (fileId) => deps.reports.keepCoaFileId(shop, reportId, fileId),
      },
    ),
  );
  if (!result.ok) {
    return failFor(deps, shop, reportId, publishRefusal(result));
  }

  const published = await deps.reports.markPublished(shop, reportId, description.id, deps.now());
  if (!published.ok) {
    throw new Error(
      `Lab report ${reportId} left publishing while it was published (${published.reason}).`,
    );
  }
  await deps.activity.record({
    shop,
    action: "lab-report.published",
    target: reportId,
    details: {
      descriptionId: description.id,
      productId,
      ...(record.variantIds.length > 0 ? { variantIds: record.variantIds } : {}),
      ...(result.batchRecordId ? { batchRecordId: result.batchRecordId } : {}),
    },
  });
  return { outcome: "published", descriptionId: description.id };
}
