import type { BadgeProps } from "@shopify/polaris";

/** The pipeline's statuses, in the words and colours the merchant sees (client-safe: no server imports). */
export type LabReportStatusName =
  "queued" | "extracting" | "writing" | "awaiting-approval" | "publishing" | "published" | "failed";

export const STATUS_STEPS: readonly LabReportStatusName[] = [
  "queued",
  "extracting",
  "writing",
  "awaiting-approval",
  "publishing",
  "published",
];

const LABELS: Record<LabReportStatusName, string> = {
  queued: "Queued",
  extracting: "Reading the COA",
  writing: "Writing the description",
  "awaiting-approval": "Awaiting approval",
  publishing: "Publishing",
  published: "Published",
  failed: "Failed",
};

const TONES: Record<LabReportStatusName, BadgeProps["tone"]> = {
  queued: "info",
  extracting: "info",
  writing: "info",
  "awaiting-approval": "attention",
  publishing: "info",
  published: "success",
  failed: "critical",
};

const PROGRESS: Record<LabReportStatusName, BadgeProps["progress"]> = {
  queued: "incomplete",
  extracting: "partiallyComplete",
  writing: "partiallyComplete",
  "awaiting-approval": "partiallyComplete",
  publishing: "partiallyComplete",
  published: "complete",
  failed: "incomplete",
};

export function statusLabel(status: LabReportStatusName): string {
  return LABELS[status];
}

export function statusTone(status: LabReportStatusName): BadgeProps["tone"] {
  return TONES[status];
}

export function statusProgress(status: LabReportStatusName): BadgeProps["progress"] {
  return PROGRESS[status];
}

/** The reports list's tabs, each a set of statuses (null: every status). */
export const REPORT_TABS = {
  all: null,
  "awaiting-approval": ["awaiting-approval"],
  failed: ["failed"],
  published: ["published"],
  "in-progress": ["queued", "extracting", "writing", "publishing"],
} as const satisfies Record<string, readonly LabReportStatusName[] | null>;
export type ReportTab = keyof typeof REPORT_TABS;
