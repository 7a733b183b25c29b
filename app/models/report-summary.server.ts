import { z } from "zod";
import type { Db } from "~/db.server";
import { measureSchema, type LabReport } from "~/pipeline/lab-report";

/**
 * What the reports list and the COA freshness card show of an extracted report, kept beside it in
 * `LabReport.summary` when the report is stored. A report stored before the column existed has
 * none; its summary is read from the report itself, field by field, so one part that no longer
 * fits blanks only that part.
 */

export const reportSummarySchema = z.object({
  thc: measureSchema.nullable().catch(null),
  lab: z.string().nullable().catch(null),
  batch: z.string().nullable().catch(null),
  dateTested: z.string().nullable().catch(null),
});
export type ReportSummary = z.infer<typeof reportSummarySchema>;

const NONE: ReportSummary = { thc: null, lab: null, batch: null, dateTested: null };

export function summaryOf(report: LabReport): ReportSummary {
  return {
    thc: report.totals.thc,
    lab: report.lab.name,
    batch: report.sample.batch,
    dateTested: report.sample.dateTested,
  };
}

/** The row's summary: its own column when stored, else read from its report; blanks when neither parses. */
export function readSummary(row: {
  summary: string | null;
  report?: string | null;
}): ReportSummary {
  const stored = parse(row.summary);
  if (stored !== undefined) return reportSummarySchema.catch(NONE).parse(stored);
  const report = parse(row.report ?? null);
  if (report === undefined) return NONE;
  return reportSummarySchema.catch(NONE).parse({
    thc: field(field(report, "totals"), "thc") ?? null,
    lab: field(field(report, "lab"), "name") ?? null,
    batch: field(field(report, "sample"), "batch") ?? null,
    dateTested: field(field(report, "sample"), "dateTested") ?? null,
  });
}

function parse(json: string | null): unknown {
  if (json === null) return undefined;
  try {
    return JSON.parse(json) as unknown;
  } catch {
    return undefined;
  }
}

function field(value: unknown, key: string): unknown {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

/**
 * Rows stored before `summary` existed get their report, read only for them, so `readSummary` can
 * fall back to it; every other row reads a few hundred bytes, not its report.
 */
export async function withLegacyReports<Row extends { id: string; summary: string | null }>(
  db: Db,
  shop: string,
  rows: Row[],
): Promise<(Row & { report: string | null })[]> {
  const legacy = rows.filter((row) => row.summary === null).map((row) => row.id);
  const reports = new Map<string, string | null>();
  if (legacy.length > 0) {
    const found = await db.labReport.findMany({
      where: { shop, id: { in: legacy } },
      select: { id: true, report: true },
    });
    for (const row of found) reports.set(row.id, row.report);
  }
  return rows.map((row) => ({ ...row, report: reports.get(row.id) ?? null }));
}
