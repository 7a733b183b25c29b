import { describe, expect, it } from "vitest";
import { readVerificationUrl } from "./coa-fields";
import type { PdfQrCode } from "./pdf-document";
import { buildRows } from "./text-layout";

/** Rows of a one-page report, a line per string. */
function rows(lines: string[]): ReturnType<typeof buildRows> {
  return buildRows({
    pageCount: 1,
    links: [],
    pages: [
      {
        pageNumber: 1,
        width: 612,
        height: 792,
        items: lines.map((str, i) => ({
          str,
          x: 40,
          y: 60 + i * 14,
          width: str.length * 4.5,
          height: 8,
        })),
      },
    ],
  });
}

const qr = (...texts: string[]): PdfQrCode[] => texts.map((text) => ({ page: 1, text }));

describe("readVerificationUrl", () => {
  it("takes the address a QR code carries when the report prints none", () => {
    const url = "https://lims.example-lab.com/public/report/A12-77";
    expect(readVerificationUrl(rows(["Certificate of Analysis"]), [], qr(url))).toBe(url);
  });

  it("prefers a printed link to a QR code", () => {
    const printed = "https://portal.example-lab.com/verify/S-1001";
    const scanned = "https://portal.example-lab.com/verify/S-2002";
    expect(readVerificationUrl(rows([`Verify at ${printed}`]), [], qr(scanned))).toBe(printed);
  });

  it("still reads the QR code when the only printed link is the lab's terms of use", () => {
    const scanned = "https://portal.example-lab.com/verify/S-2002";
    const terms = "Governed by https://www.example-lab.com/terms-of-use";
    expect(readVerificationUrl(rows([terms]), [], qr(scanned))).toBe(scanned);
  });

  it("prefers a QR code that reads like a report's address to a shop's", () => {
    const shop = "https://shop.example-brand.com/products/gummies";
    const report = "https://example-lab.com/coa/view?sample=B-31";
    expect(readVerificationUrl(rows(["COA"]), [], qr(shop, report))).toBe(report);
  });

  it("ignores QR codes that hold no web address, or only a homepage", () => {
    const codes = qr("BATCH 2211-04", "https://example-lab.com/", "mailto:lab@example.com");
    expect(readVerificationUrl(rows(["COA"]), [], codes)).toBeNull();
  });
});
