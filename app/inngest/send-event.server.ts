import { inngest } from "./client";
import {
  batchRecordMigrationRequested,
  coaFreshnessCheckRequested,
  labReportSafetyFailed,
  labReportDeleted,
  labReportDescriptionApproved,
  labReportPdfUploaded,
  shopAppUninstalled,
} from "./events";

/**
 * The one place routes send pipeline events. The event id makes a resend a no-op: Inngest drops a
 * second event with the same id (within 24 h), so a double-submitted form starts one run.
 */

export async function sendLabReportUploaded(input: {
  reportId: string;
  shop: string;
  /** 1 for the upload; the merchant's Retry sends the next number. */
  attempt?: number;
}): Promise<void> {
  const attempt = input.attempt ?? 1;
  const event = labReportPdfUploaded.create(
    { reportId: input.reportId, shop: input.shop, attempt },
    { id: attempt === 1 ? input.reportId : `${input.reportId}:attempt-${attempt}` },
  );
  await event.validate();
  await inngest.send(event);
}

export async function sendDescriptionApproved(input: {
  reportId: string;
  shop: string;
  descriptionId?: string;
}): Promise<void> {
  const event = labReportDescriptionApproved.create(input, {
    id: `${input.reportId}:approved:${input.descriptionId ?? "latest"}`,
  });
  await event.validate();
  await inngest.send(event);
}

export async function sendLabReportDeleted(input: {
  reportId: string;
  shop: string;
}): Promise<void> {
  const event = labReportDeleted.create(input, { id: `${input.reportId}:deleted` });
  await event.validate();
  await inngest.send(event);
}

/** Cancels the shop's runs (the function's cancelOn); the webhook's event id makes a redelivery a no-op. */
export async function sendShopUninstalled(shop: string, webhookEventId: string): Promise<void> {
  const event = shopAppUninstalled.create(
    { shop },
    { id: `${shop}:uninstalled:${webhookEventId}` },
  );
  await event.validate();
  await inngest.send(event);
}

/** One freshness check per shop and day; the id makes a second fan-out the same day a no-op. */
export async function sendCoaFreshnessChecks(
  requests: { shop: string; day: string }[],
): Promise<void> {
  if (requests.length === 0) return;
  const events = requests.map((data) =>
    coaFreshnessCheckRequested.create(data, { id: `${data.shop}:coa-freshness:${data.day}` }),
  );
  await Promise.all(events.map((event) => event.validate()));
  await inngest.send(events);
}

export async function sendBatchRecordMigrations(shops: string[]): Promise<void> {
  if (shops.length === 0) return;
  const events = shops.map((shop) =>
    batchRecordMigrationRequested.create({ shop }, { id: `${shop}:batch-record-migration` }),
  );
  await Promise.all(events.map((event) => event.validate()));
  await inngest.send(events);
}

export async function sendLabReportSafetyFailed(input: {
  reportId: string;
  shop: string;
}): Promise<void> {
  const event = labReportSafetyFailed.create(input, { id: `${input.reportId}:safety-failed` });
  await event.validate();
  await inngest.send(event);
}
