import { parseDate } from "./coa-dates";
import {
  PER_UNIT_UNITS,
  panelStatusSchema,
  type LabReport,
  type Measure,
  type PanelStatus,
} from "./lab-report";
import { checkPlausibility, withheldReasonText } from "./plausibility";
import type { ReviewItem } from "./review-items";
import { fieldTarget, reviewList, type FieldTarget } from "./review-list";
import { parseValue } from "./value-parse";

/**
 * The merchant's word on a value the app could not stand behind: "confirm" takes the reading as
 * read, "correct" gives the value printed on the page. The value is checked as any reading is (a
 * number in a concentration unit that passes the plausibility gate, a date, a short text), put
 * into its field with `source: "confirmed-by-merchant"`, and the item keeps its resolution.
 */

export type ReviewDecision =
  { kind: "confirm"; at: Date } | { kind: "correct"; value: string; at: Date };

export type ResolveReviewError = "unknown-field" | "nothing-to-confirm" | "invalid-value";

export type ResolveReviewResult =
  | {
      ok: true;
      report: LabReport;
      /** The uncertain fields without the one resolved. */
      uncertainFields: string[];
      item: ReviewItem;
    }
  | { ok: false; reason: ResolveReviewError; message: string };

const CONCENTRATION_UNITS = new Set(["%", "mg/g", "mg/ml", "ppm"]);
const MAX_TEXT = 200;
const MAX_LINK = 1000;
const DAY_MS = 86_400_000;

type Parsed =
  | {
      ok: true;
      apply(report: LabReport): void;
      value: string;
      /** Why the value cannot be what the page prints, if it cannot. */
      problem?(report: LabReport): string | null;
    }
  | { ok: false; message: string };

export function resolveReviewItem(
  report: LabReport,
  field: string,
  decision: ReviewDecision,
  options: { uncertainFields?: readonly string[] } = {},
): ResolveReviewResult {
  const uncertainFields = options.uncertainFields ?? [];
  const item = reviewList(report, uncertainFields).find((i) => i.field === field);
  const target = item ? fieldTarget(field) : null;
  if (!item || !target) {
    return { ok: false, reason: "unknown-field", message: "There is no value to check there." };
  }
  const text = decision.kind === "confirm" ? item.reading : decision.value;
  if (text === null || text.trim() === "") {
    return decision.kind === "confirm"
      ? {
          ok: false,
          reason: "nothing-to-confirm",
          message: "Nothing legible was read here. Type the value printed on the page.",
        }
      : { ok: false, reason: "invalid-value", message: "Type the value printed on the page." };
  }
  const parsed = parseFor(target, text, item, decision.at);
  if (!parsed.ok) return { ok: false, reason: "invalid-value", message: parsed.message };
  const implausible = parsed.problem?.(report) ?? null;
  if (implausible) return { ok: false, reason: "invalid-value", message: implausible };

  const next = structuredClone(report);
  parsed.apply(next);
  const resolved: ReviewItem = {
    ...item,
    resolution: {
      value: parsed.value,
      kind: decision.kind === "confirm" ? "confirmed" : "corrected",
      decidedAt: decision.at.toISOString(),
    },
  };
  const review = next.review ?? [];
  const at = review.findIndex((i) => i.field === field);
  if (at >= 0) review[at] = resolved;
  else review.push(resolved);
  next.review = review;
  return {
    ok: true,
    report: next,
    uncertainFields: uncertainFields.filter((f) => f !== field),
    item: resolved,
  };
}

function parseFor(target: FieldTarget, text: string, item: ReviewItem, at: Date): Parsed {
  switch (target.kind) {
    case "total":
    case "analyte":
    case "per-unit":
      return parseFigure(target, text, item);
    case "date":
      return parseDateValue(target.key, text, at);
    case "text":
      return parseText(target, text);
    case "panel":
      return parsePanel(target.key, text);
    case "link":
      return parseLink(text);
  }
}

type FigureTarget = FieldTarget & { kind: "total" | "analyte" | "per-unit" };

function parseFigure(target: FigureTarget, text: string, item: ReviewItem): Parsed {
  const parsed = parseValue(text.replace(/\s+/g, " "));
  if (!parsed) return { ok: false, message: "Enter a number, such as 23.4, or ND." };
  const unit = parsed.unit ?? item.unit;
  if (target.kind === "per-unit") {
    // An amount per serving, unit or package is in its own basis's unit, never a concentration.
    const amountUnit = PER_UNIT_UNITS[target.basis];
    if (unit !== amountUnit) return { ok: false, message: `Enter the amount in ${amountUnit}.` };
  } else if (!unit || !CONCENTRATION_UNITS.has(unit)) {
    return { ok: false, message: "Enter a concentration in %, mg/g, mg/ml or ppm." };
  }
  const measure: Measure = {
    value: parsed.value,
    unit,
    qualifier: parsed.qualifier,
    source: "confirmed-by-merchant",
  };
  const value = parsed.value === null ? (parsed.qualifier ?? "") : `${parsed.value}`;
  return {
    ok: true,
    value: `${value}${parsed.value === null ? "" : ` ${unit}`}`,
    problem: (report) => plausibilityProblem(report, target, measure),
    apply: (report) => putMeasure(report, target, measure, item.label),
  };
}

function putMeasure(
  report: LabReport,
  target: FigureTarget,
  measure: Measure,
  label: string,
): void {
  if (target.kind === "per-unit") {
    putAmount(report, target, measure, label);
    return;
  }
  if (target.kind === "total") {
    report.totals[target.key] = measure;
    return;
  }
  const list = report[target.group];
  const at = list.findIndex((a) => a.analyte === target.key);
  const analyte = { ...measure, analyte: target.key, label: list[at]?.label ?? label };
  if (at >= 0) list[at] = analyte;
  else list.push(analyte);
}

function putAmount(
  report: LabReport,
  target: FigureTarget & { kind: "per-unit" },
  measure: Measure,
  label: string,
): void {
  report.perUnit ??= { servingSize: null, servingsPerPackage: null, amounts: [] };
  let amounts = report.perUnit.amounts.find((a) => a.basis === target.basis);
  if (!amounts) {
    amounts = {
      basis: target.basis,
      totals: { thc: null, cbd: null, cannabinoids: null },
      cannabinoids: [],
    };
    report.perUnit.amounts.push(amounts);
  }
  if (target.group === "totals") {
    amounts.totals[target.key as keyof typeof amounts.totals] = measure;
    return;
  }
  const list = amounts.cannabinoids;
  const at = list.findIndex((a) => a.analyte === target.key);
  const printed = label.replace(new RegExp(` per ${target.basis}$`), "");
  const analyte = { ...measure, analyte: target.key, label: list[at]?.label ?? printed };
  if (at >= 0) list[at] = analyte;
  else list.push(analyte);
}

/**
 * The value would be withheld by the gate every reading passes (plausibility.ts), or would make
 * the gate withhold another: it cannot be what the page prints. Checked as a printed figure, so a
 * total is held against its printed components.
 */
function plausibilityProblem(
  report: LabReport,
  target: FigureTarget,
  measure: Measure,
): string | null {
  const before = new Set(checkPlausibility(report).withheld);
  const trial = structuredClone(report);
  putMeasure(trial, target, { ...measure, source: "printed" }, "");
  const checked = checkPlausibility(trial);
  const added = checked.withheld.filter((f) => !before.has(f));
  if (added.length === 0) return null;
  const code = checked.report.warnings.find((w) =>
    added.some((f) => w.startsWith(`withheld:${f}:`)),
  );
  const why = code ? withheldReasonText(code) : null;
  return `That value cannot be right${why ? `: ${why}` : ""}. Check the page again.`;
}

function parseDateValue(key: "dateTested" | "dateIssued", text: string, at: Date): Parsed {
  const iso = parseDate(text.trim());
  if (!iso) return { ok: false, message: "Enter the date as printed, such as 2026-03-14." };
  if (Date.parse(iso) > at.getTime() + DAY_MS) {
    return { ok: false, message: "That date is in the future." };
  }
  return {
    ok: true,
    value: iso,
    apply: (report) => {
      report.sample[key] = iso;
    },
  };
}

function parseText(target: FieldTarget & { kind: "text" }, text: string): Parsed {
  const value = text.replace(/\s+/g, " ").trim();
  // The value reaches the description and the storefront: printed text only, never markup.
  // eslint-disable-next-line no-control-regex
  if (value.length > MAX_TEXT || /[<>\u0000-\u001f\u007f]/.test(value)) {
    return { ok: false, message: `Enter the text as printed (up to ${MAX_TEXT} characters).` };
  }
  return {
    ok: true,
    value,
    apply: (report) => {
      if (target.section === "sample") report.sample[target.key] = value;
      else report.lab[target.key] = value;
    },
  };
}

/** A web address as printed or encoded: http or https only, without spaces. */
function parseLink(text: string): Parsed {
  const value = text.trim();
  let url: URL | null = null;
  try {
    url = new URL(value);
  } catch {
    url = null;
  }
  if (!url || !/^https?:$/.test(url.protocol) || /\s/.test(value) || value.length > MAX_LINK) {
    return { ok: false, message: "Enter the web address as printed, starting with https://." };
  }
  return {
    ok: true,
    value,
    apply: (report) => {
      report.verificationUrl = value;
    },
  };
}

const PANEL_WORDS: Record<string, PanelStatus> = {
  pass: "pass",
  passed: "pass",
  fail: "fail",
  failed: "fail",
  tested: "tested",
  "not tested": "not-tested",
};

function parsePanel(key: string, text: string): Parsed {
  const words = text.trim().toLowerCase().replace(/[-_]/g, " ");
  const status = PANEL_WORDS[words] ?? panelStatusSchema.safeParse(words).data;
  if (!status) return { ok: false, message: "Enter Pass, Fail, Tested or Not tested." };
  return {
    ok: true,
    value: status,
    apply: (report) => {
      const panels = report.safety.panels;
      const at = panels.findIndex((p) => p.panel === key);
      if (at >= 0) panels[at] = { panel: key, status };
      else panels.push({ panel: key, status });
      if (status === "fail") report.safety.overall = "fail";
    },
  };
}
