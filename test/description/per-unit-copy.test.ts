import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { readPdfText } from "~/integrations/pdf-text.server";
import { checkDescription } from "~/pipeline/compliance-guard";
import type { LabReport } from "~/pipeline/lab-report";
import { readLabReportFromPdf } from "~/pipeline/read-lab-report-from-pdf";
import { formatAmount } from "~/pipeline/report-figures";
import { htmlToText } from "~/pipeline/sanitize-description-html";
import { writeDescription } from "~/pipeline/write-description";
import { writerSettingsSchema } from "~/pipeline/writer-settings";

/**
 * A gummy whose COA prints its amounts per serving and per package with four decimals: the
 * built-in writer states them as the report page and the storefront block do, and the guard
 * accepts them.
 */

let gummies: LabReport;

beforeAll(async () => {
  const file = path.resolve("test/fixtures/coa/14_cannasafe_grape-cbd-gummies.pdf");
  const result = await readLabReportFromPdf(new Uint8Array(readFileSync(file)), {
    readPdfText: (pdf) => readPdfText(pdf),
  });
  if (!result.ok) throw new Error(result.error.message);
  gummies = result.report;
}, 60_000);

describe("an edible's amounts in the built-in description", () => {
  it("shows each amount per serving at the precision the rest of the app shows", async () => {
    const settings = writerSettingsSchema.parse({ length: "long" });
    const { description, guard } = await writeDescription({
      report: gummies,
      product: { title: "Grape CBD Gummies" },
      settings,
    });
    const serving = gummies.perUnit?.amounts.find((a) => a.basis === "serving");
    const thc = serving?.totals.thc;
    if (!thc?.value) throw new Error("the gummy's COA prints total THC per serving");
    const text = htmlToText(description.descriptionHtml);
    // The figure the report page shows ("6.81 mg THC per serving"), in the "Per serving" table.
    const shown = /^[\d.]+/.exec(formatAmount(thc, "serving"))?.[0];
    expect(shown).not.toBe(String(thc.value));
    expect(text).toContain(`Total THC\t${shown} mg`);
    expect(text).not.toContain(`${thc.value} mg`);
    expect(text).not.toMatch(/\d\.\d{4} mg(?!\/g)/);
    expect(guard).toEqual({ ok: true });
    expect(checkDescription(description, { report: gummies, settings, productTitle: "" })).toEqual({
      ok: true,
    });
  });
});
