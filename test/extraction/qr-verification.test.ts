import type { PdfQrCode } from "~/pipeline/pdf-document";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readPdfText } from "~/integrations/pdf-text.server";
import { readLabReportFromPdf } from "~/pipeline/read-lab-report-from-pdf";
import { textPdf } from "../pdf-builder";

/** Verification links that fixture COAs carry only as a QR code image. */

const dir = new URL("../fixtures/coa/", import.meta.url);
type Truth = { file: string; qr_code_url?: string | null };
const truths = JSON.parse(readFileSync(new URL("ground-truth.json", dir), "utf8")) as Truth[];

function truthFor(prefix: string): Truth {
  const truth = truths.find((t) => t.file.startsWith(prefix));
  if (!truth) throw new Error(`no fixture ${prefix}`);
  return truth;
}

async function verificationUrl(bytes: Uint8Array) {
  let qrCodes: PdfQrCode[] = [];
  const result = await readLabReportFromPdf(bytes, {
    readPdfText: async (pdf) => {
      const read = await readPdfText(pdf);
      if (read.ok) qrCodes = read.document.qrCodes ?? [];
      return read;
    },
  });
  if (!result.ok) throw new Error(result.error.message);
  return { qrCodes, url: result.report.verificationUrl };
}

describe("verification links in QR codes", () => {
  it.each(["03_", "19_"])(
    "reads the link of COA %s, which prints it only as a QR code",
    async (prefix) => {
      const truth = truthFor(prefix);
      expect(truth.qr_code_url).toMatch(/^https:\/\//);
      const bytes = new Uint8Array(readFileSync(new URL(truth.file, dir)));
      const { qrCodes, url } = await verificationUrl(bytes);
      expect(qrCodes.map((code) => code.text)).toContain(truth.qr_code_url);
      expect(url).toBe(truth.qr_code_url);
    },
  );

  it("finds no QR code, and no link, in a report without one", async () => {
    const lines = ["Certificate of Analysis", "Total THC 20.1 %", "Total CBD 0.4 %", "Batch: A-1"];
    const { qrCodes, url } = await verificationUrl(textPdf([lines.concat(lines, lines)]));
    expect(qrCodes).toEqual([]);
    expect(url).toBeNull();
  });
});
