import { describe, expect, it } from "vitest";
import type { LabReport } from "~/pipeline/lab-report";
import { resolveReviewItem } from "~/pipeline/resolve-review-item";
import { asPrinted, joinSplitFigures, withDeltaSigns } from "~/pipeline/scanned-pages";
import { coaHeader, readScan, scannedPage, type Line } from "./scanned-page-words";

/**
 * A figure read by OCR stays in the report only when the page itself confirms it; the rest is
 * withheld and listed for review. Word sets are built by hand: what is tested is the rule, not OCR.
 */

const analyte = (report: LabReport, key: string) =>
  report.cannabinoids.find((a) => a.analyte === key) ?? null;
const waiting = (report: LabReport, field: string) =>
  report.review?.find((item) => item.field === field) ?? null;

const pesticides: Line = {
  y: 400,
  cells: [
    [40, "Pesticides"],
    [300, "PASS"],
  ],
};

describe("figures of a scanned COA", () => {
  it("keeps a result whose % and mg/g columns agree, ten times apart", async () => {
    const report = await readScan([
      scannedPage(1, [
        ...coaHeader("AB-1234"),
        {
          y: 140,
          cells: [
            [40, "THCa"],
            [200, "0.05"],
            [300, "23.45"],
            [400, "234.5"],
          ],
        },
        pesticides,
      ]),
    ]);
    expect(analyte(report, "thca")).toMatchObject({ value: 23.45, unit: "%", source: "printed" });
    expect(waiting(report, "cannabinoids.thca")).toBeNull();
    expect(report.warnings).toContain("ocr-text-layer");
  });

  it("withholds a result printed once, and lists it with its reading, confidence and place", async () => {
    const report = await readScan([
      scannedPage(
        1,
        [
          ...coaHeader("AB-1234"),
          {
            y: 120,
            cells: [
              [40, "Analyte"],
              [200, "LOQ"],
              [300, "Result (%)"],
            ],
          },
          {
            y: 140,
            cells: [
              [40, "THCa"],
              [200, "0.05"],
              [300, "23.45"],
            ],
          },
          pesticides,
        ],
        80,
      ),
    ]);
    expect(analyte(report, "thca")).toBeNull();
    const item = waiting(report, "cannabinoids.thca");
    expect(item).toMatchObject({
      label: "THCa",
      reading: "23.45",
      unit: "%",
      candidates: ["23.45"],
      reason: "ocr-unconfirmed",
      confidence: 0.8,
      page: 1,
      resolution: null,
    });
    // The box runs from the label to the figure, in fractions of the page.
    expect(item?.box?.x).toBeCloseTo(40 / 612, 3);
    expect(item?.box?.y).toBeCloseTo(133 / 792, 3);
    expect((item?.box?.x ?? 0) + (item?.box?.width ?? 0)).toBeCloseTo((300 + 25) / 612, 3);
  });

  it("refuses zero as a confirmation: 0 × 10 is 0 whatever was misread", async () => {
    const report = await readScan([
      scannedPage(1, [
        ...coaHeader("AB-1234"),
        {
          y: 140,
          cells: [
            [40, "THCa"],
            [200, "0.05"],
            [300, "23.45"],
            [400, "234.5"],
          ],
        },
        {
          y: 155,
          cells: [
            [40, "CBG"],
            [200, "0.05"],
            [300, "0.00"],
            [400, "0.0"],
          ],
        },
        pesticides,
      ]),
    ]);
    expect(analyte(report, "cbg")).toBeNull();
  });

  it("reads a row whose ± OCR read as + or £, and whose faint limits it garbled", async () => {
    const report = await readScan([
      scannedPage(1, [
        ...coaHeader("AB-1234"),
        {
          y: 140,
          cells: [
            [40, "THCa"],
            [150, "0.04/0.24"],
            [220, "+7.913"],
            [300, "19.161"],
            [400, "191.61"],
          ],
        },
        {
          y: 155,
          cells: [
            [40, "CBDa"],
            [150, "0.0670.22"],
            [220, "£0.028"],
            [300, "0.066"],
            [400, "0.66"],
          ],
        },
        {
          y: 170,
          cells: [
            [40, "CBG"],
            [150, ").0242"],
            [220, "0.05!"],
            [300, "0.123"],
            [400, "1.23"],
          ],
        },
        pesticides,
      ]),
    ]);
    // The uncertainty and the garbled pair hold their columns' places; the results are read
    // from theirs, and confirmed by their ×10 twins.
    expect(analyte(report, "thca")).toMatchObject({ value: 19.161, unit: "%" });
    expect(analyte(report, "cbda")).toMatchObject({ value: 0.066, unit: "%" });
    expect(analyte(report, "cbg")).toMatchObject({ value: 0.123, unit: "%" });
  });

  it("reads Δ read as A, and ND twice rather than a limit column whose header OCR misread", async () => {
    const report = await readScan([
      scannedPage(1, [
        ...coaHeader("AB-1234").slice(0, -1),
        {
          y: 120,
          cells: [
            [40, "Analyte"],
            [200, "0Q (%)"],
            [300, "Result (%)"],
            [400, "Result (mg/g)"],
          ],
        },
        {
          y: 140,
          cells: [
            [40, "A9-Tetrahydrocannabinol (A9-THC)"],
            [200, "0.1206"],
            [300, "0.2268"],
            [400, "2.268"],
          ],
        },
        {
          y: 155,
          cells: [
            [40, "Cannabidiol (CBD)"],
            [200, "0.1198"],
            [300, "ND"],
            [400, "ND"],
          ],
        },
        pesticides,
      ]),
    ]);
    expect(analyte(report, "d9_thc")).toMatchObject({ value: 0.2268, unit: "%" });
    expect(analyte(report, "cbd")).toMatchObject({ value: null, qualifier: "ND" });
    expect(waiting(report, "cannabinoids.cbd")).toBeNull();
  });

  it("takes no confirmation from a limit column, whose % and mg/g agree on every row", async () => {
    const report = await readScan([
      scannedPage(1, [
        ...coaHeader("AB-1234"),
        {
          y: 140,
          cells: [
            [40, "THCa"],
            [300, "0.02"],
            [400, "0.2"],
          ],
        },
        {
          y: 155,
          cells: [
            [40, "CBGa"],
            [300, "0.02"],
            [400, "0.2"],
          ],
        },
        {
          y: 170,
          cells: [
            [40, "CBC"],
            [300, "0.02"],
            [400, "0.2"],
          ],
        },
        pesticides,
      ]),
    ]);
    expect(analyte(report, "thca")).toBeNull();
    expect(waiting(report, "cannabinoids.thca")).toMatchObject({ reading: "0.02" });
  });

  it("keeps a printed total its parts add up to, and never reports one they contradict", async () => {
    const parts: Line[] = [
      {
        y: 140,
        cells: [
          [40, "THCa"],
          [200, "0.05"],
          [300, "23.45"],
          [400, "234.5"],
        ],
      },
      {
        y: 155,
        cells: [
          [40, "Delta-9 THC"],
          [200, "0.05"],
          [300, "0.43"],
          [400, "4.3"],
        ],
      },
    ];
    const agreeing = await readScan([
      scannedPage(1, [
        ...coaHeader("AB-1234"),
        ...parts,
        {
          y: 185,
          cells: [
            [40, "Total THC"],
            [300, "21.00"],
          ],
        },
        pesticides,
      ]),
    ]);
    // 23.45 × 0.877 + 0.43 = 20.995: the printed 21.00 within the parts' rounding.
    expect(agreeing.totals.thc).toMatchObject({ value: 21, source: "printed" });

    const contradicted = await readScan([
      scannedPage(1, [
        ...coaHeader("AB-1234"),
        ...parts,
        {
          y: 185,
          cells: [
            [40, "Total THC"],
            [300, "27.00"],
          ],
        },
        pesticides,
      ]),
    ]);
    // The plausibility gate withholds it before any reading is weighed; one of the readings is
    // wrong, and only the page can say which: they are offered for review, never kept.
    expect(contradicted.totals.thc).toBeNull();
    expect(contradicted.warnings).toContain("withheld:totals.thc:contradicts-components");
    expect(waiting(contradicted, "totals.thc")).toMatchObject({
      reading: "27.00",
      candidates: ["27"],
      reason: "ocr-unconfirmed",
      page: 1,
    });

    const partless = await readScan([
      scannedPage(1, [
        ...coaHeader("AB-1234"),
        {
          y: 140,
          cells: [
            [40, "THCa"],
            [200, "0.05"],
            [300, "23.45"],
            [400, "234.5"],
          ],
        },
        {
          y: 185,
          cells: [
            [40, "Total THC"],
            [300, "21.00"],
          ],
        },
        pesticides,
      ]),
    ]);
    // Without its Δ9-THC the sum proves nothing: the total waits.
    expect(partless.totals.thc).toBeNull();
    expect(waiting(partless, "totals.thc")).toMatchObject({
      reading: "21.00",
      reason: "ocr-unconfirmed",
    });
  });

  it("offers a total computed from confirmed parts for review: the page may print another", async () => {
    const report = await readScan([
      scannedPage(1, [
        ...coaHeader("AB-1234"),
        {
          y: 140,
          cells: [
            [40, "THCa"],
            [200, "0.05"],
            [300, "23.45"],
            [400, "234.5"],
          ],
        },
        {
          y: 155,
          cells: [
            [40, "Delta-9 THC"],
            [200, "0.05"],
            [300, "0.43"],
            [400, "4.3"],
          ],
        },
        pesticides,
      ]),
    ]);
    expect(analyte(report, "thca")).toMatchObject({ value: 23.45 });
    expect(report.totals.thc).toBeNull();
    // 23.45 × 0.877 + 0.43, rounded as the engine rounds a computed total.
    expect(waiting(report, "totals.thc")).toMatchObject({
      candidates: ["21"],
      page: 1,
    });
  });

  it("offers a panel read only as tested for review, and keeps one read as passed", async () => {
    const report = await readScan([
      scannedPage(1, [
        ...coaHeader("AB-1234"),
        {
          y: 140,
          cells: [
            [40, "THCa"],
            [200, "0.05"],
            [300, "23.45"],
            [400, "234.5"],
          ],
        },
        pesticides,
        {
          y: 420,
          cells: [
            [40, "Water Activity"],
            [200, "0.45"],
            [300, "Tested"],
          ],
        },
      ]),
    ]);
    expect(report.safety.panels.find((p) => p.panel === "pesticides")?.status).toBe("pass");
    expect(report.safety.panels.find((p) => p.panel === "water_activity")).toBeUndefined();
    expect(waiting(report, "safety.water_activity")).toMatchObject({
      candidates: ["tested"],
      page: 1,
    });
  });

  it("keeps no total the page prints otherwise beside its label, however often it is seen below it", async () => {
    const tile = (y: number): Line[] => [
      { y, cells: [[300, "Total CBD"]] },
      { y: y + 15, cells: [[300, "79.09"]] },
    ];
    const report = await readScan([
      scannedPage(1, [
        ...coaHeader("AB-1234"),
        {
          y: 140,
          cells: [
            [40, "THCa"],
            [200, "0.05"],
            [300, "23.45"],
            [400, "234.5"],
          ],
        },
        ...tile(200),
        ...tile(250),
        {
          y: 330,
          cells: [
            [40, "Total CBD"],
            [200, "0.21"],
          ],
        },
        pesticides,
      ]),
    ]);
    expect(report.totals.cbd?.value ?? null).not.toBe(79.09);
  });

  it("keeps a figure printed twice, in the summary and in the table", async () => {
    const report = await readScan([
      scannedPage(1, [
        ...coaHeader("AB-1234"),
        { y: 90, cells: [[300, "Total THC: 21.00%"]] },
        {
          y: 140,
          cells: [
            [40, "THCa"],
            [200, "0.05"],
            [300, "23.45"],
          ],
        },
        {
          y: 185,
          cells: [
            [40, "Total THC"],
            [300, "21.00"],
          ],
        },
        pesticides,
      ]),
    ]);
    expect(report.totals.thc).toMatchObject({ value: 21, source: "printed" });
    // THCa is printed once: it waits, and so does nothing it could have confirmed.
    expect(waiting(report, "cannabinoids.thca")).not.toBeNull();
  });
});

describe("ids, names and dates of a scanned COA", () => {
  it("keeps a batch printed on every page's header, and withholds one printed once", async () => {
    const twice = await readScan([
      scannedPage(1, [
        ...coaHeader("AB-1234"),
        {
          y: 140,
          cells: [
            [40, "THCa"],
            [200, "0.05"],
            [300, "23.45"],
            [400, "234.5"],
          ],
        },
      ]),
      scannedPage(2, [{ y: 40, cells: [[40, "Batch: AB-1234"]] }, pesticides]),
    ]);
    expect(twice.sample.batch).toBe("AB-1234");
    // A lab's name, even printed on both pages, waits: which phrase names the lab is a guess.
    const named = await readScan([
      scannedPage(1, [
        ...coaHeader("AB-1234"),
        {
          y: 140,
          cells: [
            [40, "THCa"],
            [200, "0.05"],
            [300, "23.45"],
            [400, "234.5"],
          ],
        },
      ]),
      scannedPage(2, [{ y: 60, cells: [[40, "Example Testing Laboratory"]] }, pesticides]),
    ]);
    expect(named.lab.name).toBeNull();
    expect(waiting(named, "lab.name")).toMatchObject({ reading: "Example Testing Laboratory" });

    const once = await readScan([
      scannedPage(1, [
        ...coaHeader("AB-1234"),
        {
          y: 140,
          cells: [
            [40, "THCa"],
            [200, "0.05"],
            [300, "23.45"],
            [400, "234.5"],
          ],
        },
        pesticides,
      ]),
    ]);
    expect(once.sample.batch).toBeNull();
    expect(waiting(once, "sample.batch")).toMatchObject({
      label: "Batch",
      reading: "AB-1234",
      unit: null,
      reason: "ocr-unconfirmed",
      page: 1,
    });
  });

  it("confirms a date only when it is printed twice beside its own label", async () => {
    const results: Line = {
      y: 140,
      cells: [
        [40, "THCa"],
        [200, "0.05"],
        [300, "23.45"],
        [400, "234.5"],
      ],
    };
    const page = (dates: Line[]) =>
      readScan([scannedPage(1, [...coaHeader("AB-1234"), results, ...dates, pesticides])]);
    const elsewhere = await page([
      { y: 300, cells: [[40, "Date Tested: 01/05/2022"]] },
      { y: 315, cells: [[40, "Date Received: 01/05/2022"]] },
    ]);
    expect(elsewhere.sample.dateTested).toBeNull();
    expect(waiting(elsewhere, "sample.dateTested")).toMatchObject({ reading: "01/05/2022" });

    const twice = await page([
      { y: 300, cells: [[40, "Date Tested: 01/05/2022"]] },
      { y: 330, cells: [[40, "Tested: 01/05/2022"]] },
    ]);
    expect(twice.sample.dateTested).toBe("2022-01-05");
  });
});

describe("the verification link of a scanned COA", () => {
  const thcaRow: Line = {
    y: 140,
    cells: [
      [40, "THCa"],
      [200, "0.05"],
      [300, "23.45"],
      [400, "234.5"],
    ],
  };

  it("takes the link from the page's QR code, exact, when the page prints none", async () => {
    const page = scannedPage(1, [...coaHeader("AB-1234"), thcaRow, pesticides]);
    const report = await readScan([{ ...page, qrCodes: ["https://lab.example/verify/AB-1234"] }]);
    expect(report.verificationUrl).toBe("https://lab.example/verify/AB-1234");
    expect(waiting(report, "verificationUrl")).toBeNull();
  });

  it("keeps no link from a code that names neither the sample nor a printed link, but offers it", async () => {
    const page = scannedPage(1, [...coaHeader("AB-1234"), thcaRow, pesticides]);
    const link = "https://lab.example/coas/x66igi6Jiq";
    const report = await readScan([{ ...page, qrCodes: [link] }]);
    expect(report.verificationUrl).toBeNull();
    expect(waiting(report, "verificationUrl")).toMatchObject({
      candidates: [link],
      reason: "ocr-unconfirmed",
    });
    const at = new Date("2026-01-05T10:00:00Z");
    const confirmed = resolveReviewItem(report, "verificationUrl", { kind: "confirm", at });
    expect(confirmed.ok && confirmed.report.verificationUrl).toBe(link);
    for (const value of ["javascript:alert(1)", "lab.example/coas", "https://lab.example/a b"]) {
      const corrected = resolveReviewItem(report, "verificationUrl", {
        kind: "correct",
        value,
        at,
      });
      expect(corrected).toMatchObject({ ok: false, reason: "invalid-value" });
    }
  });

  it("confirms a printed link OCR read as its QR code encodes it, and offers one it does not", async () => {
    for (const [printed, confirmed] of [
      ["https://lab.example/verify/AB-1234", true],
      ["https://lab.example/verify/AB-I234", false],
    ] as const) {
      const page = scannedPage(1, [
        ...coaHeader("AB-1234"),
        thcaRow,
        { y: 160, cells: [[40, `Verify: ${printed}`]] },
        pesticides,
      ]);
      const report = await readScan([{ ...page, qrCodes: ["https://lab.example/verify/AB-1234"] }]);
      expect(report.verificationUrl).toBe(confirmed ? printed : null);
      expect(waiting(report, "verificationUrl")?.candidates[0] ?? null).toBe(
        confirmed ? null : printed,
      );
    }
  });

  it("keeps a printed link OCR read once waiting for review when no code confirms it", async () => {
    const report = await readScan([
      scannedPage(1, [
        ...coaHeader("AB-1234"),
        thcaRow,
        { y: 160, cells: [[40, "Verify: https://lab.example/verify/AB-I234"]] },
        pesticides,
      ]),
    ]);
    expect(report.verificationUrl).toBeNull();
    expect(waiting(report, "verificationUrl")).toMatchObject({
      candidates: ["https://lab.example/verify/AB-I234"],
    });
  });
});

describe("the lab of a scanned COA", () => {
  const thcaRow: Line = {
    y: 140,
    cells: [
      [40, "THCa"],
      [200, "0.05"],
      [300, "23.45"],
      [400, "234.5"],
    ],
  };

  it("keeps the lab's name when its own domain, printed elsewhere, spells it", async () => {
    const report = await readScan([
      scannedPage(1, [
        ...coaHeader("AB-1234"),
        thcaRow,
        pesticides,
        { y: 700, cells: [[40, "www.exampletestinglaboratory.com | (555) 010-0000"]] },
      ]),
    ]);
    expect(report.lab.name).toBe("Example Testing Laboratory");
    expect(waiting(report, "lab.name")).toBeNull();
  });

  it("withholds it when no domain names it, or only a platform's does", async () => {
    for (const footer of ["www.example.com", "exampletestinglaboratory.confidentcannabis.com"]) {
      const report = await readScan([
        scannedPage(1, [
          ...coaHeader("AB-1234"),
          thcaRow,
          pesticides,
          { y: 700, cells: [[40, footer]] },
        ]),
      ]);
      expect(report.lab.name).toBeNull();
      expect(waiting(report, "lab.name")).toMatchObject({
        candidates: ["Example Testing Laboratory"],
      });
    }
  });
});

describe("signs OCR reads as letters", () => {
  it("reads ± back from + or £ before a figure, Δ from A before 8 or 9 and THC, mg/g from mgig", () => {
    expect(["+7.913", "£0.028", "+ 0.5"].map(asPrinted)).toEqual(["±7.913", "±0.028", "±0.5"]);
    expect(
      ["A9THC", "(A8-THC)", "A9-Tetrahydrocannabinol", "A-9-THC", "Deita-9", "De1ta8"].map(
        asPrinted,
      ),
    ).toEqual(["Δ9THC", "(Δ8-THC)", "Δ9-Tetrahydrocannabinol", "Δ9-THC", "Delta-9", "Delta8"]);
    expect(["mgig", "(mg/q)", "mg1g", "(mglserving"].map(asPrinted)).toEqual([
      "mg/g",
      "(mg/g)",
      "mg/g",
      "(mg/serving",
    ]);
  });

  it("leaves words that only look alike as read", () => {
    expect(["(PASS", "«ND", "<L0Q", "<l0d"].map(asPrinted)).toEqual(["PASS", "ND", "<LOQ", "<LOd"]);
    expect(["<Lo0Q", "<L0OQ", "<0Q", "<LoQ"].map(asPrinted)).toEqual([
      "<LOQ",
      "<LOQ",
      "<LOQ",
      "<LOQ",
    ]);
    expect(["LLoa", "(Loa)", "LOO", "L00", "LLoq"].map(asPrinted)).toEqual([
      "LLOQ",
      "(LOQ)",
      "LOQ",
      "LOQ",
      "LLOQ",
    ]);
    const words = [
      "(Total",
      "(PASS)",
      "(24.52",
      "+/-",
      "A9",
      "Analysis",
      "Lot",
      "LOD",
      "Log",
      "ABTHC",
      "mg",
      "mg/serving",
      "Total+0.877",
      "17.5",
    ];
    expect(words.map(asPrinted)).toEqual(words);
  });
});

describe("a figure the plausibility gate withholds", () => {
  it("is offered with what the row's other column says it was", async () => {
    // The % column's header was not read: the mg/g column is taken, where a digit of THCa's was
    // misread ("198.7" for 188.7). Its parts then contradict the total, and all three are withheld.
    const report = await readScan([
      scannedPage(1, [
        { y: 40, cells: [[40, "Certificate of Analysis"]] },
        { y: 60, cells: [[40, "Example Testing Laboratory"]] },
        { y: 80, cells: [[40, "Batch: AB-1234"]] },
        {
          y: 120,
          cells: [
            [40, "Analyte"],
            [200, "LOQ (mg/g)"],
            [300, "mg/g"],
          ],
        },
        {
          y: 140,
          cells: [
            [40, "THCa"],
            [200, "0.1"],
            [300, "198.7"],
            [400, "18.87"],
          ],
        },
        {
          y: 155,
          cells: [
            [40, "Δ9-THC"],
            [200, "0.1"],
            [300, "7.1"],
            [400, "0.71"],
          ],
        },
        {
          y: 170,
          cells: [
            [40, "Total THC"],
            [300, "172.61"],
            [400, "17.26"],
          ],
        },
        pesticides,
      ]),
    ]);
    expect(report.warnings).toContain("withheld:cannabinoids.thca:contradicts-components");
    expect(analyte(report, "thca")).toBeNull();
    expect(waiting(report, "cannabinoids.thca")).toMatchObject({
      reading: "198.7",
      unit: "mg/g",
      candidates: ["198.7", "188.7"],
    });
  });
});

describe("a result whose mg/g column lost its decimal stop", () => {
  it("is read as its % column says, and waits for review", async () => {
    const report = await readScan([
      scannedPage(1, [
        ...coaHeader("AB-1234"),
        {
          y: 140,
          cells: [
            [40, "THCa"],
            [200, "0.05"],
            [300, "23.45"],
            [400, "234.5"],
          ],
        },
        {
          y: 155,
          cells: [
            [40, "CBG"],
            [200, "0.05"],
            [300, "2.384"],
            [400, "23840"],
          ],
        },
        pesticides,
      ]),
    ]);
    expect(analyte(report, "thca")).toMatchObject({ value: 23.45, unit: "%" });
    expect(analyte(report, "cbg")).toBeNull();
    expect(waiting(report, "cannabinoids.cbg")).toMatchObject({
      reading: "2.384",
      unit: "%",
      candidates: ["2.384"],
    });
  });
});

describe("the delta of Δ9-THC and Δ8-THC read as a letter, in a word of its own", () => {
  const row = (y: number, label: string, percent: string, mgPerG: string): Line => ({
    y,
    cells: [
      [40, label],
      [200, "0.05"],
      [300, percent],
      [400, mgPerG],
    ],
  });

  it('reads "A9 THC", "A-9 THC" and "A-9-Tetrahydrocannabinol" as Δ9-THC', async () => {
    for (const label of ["A9 THC", "A-9 THC", "A-9-Tetrahydrocannabinol", "Deita-9 THC"]) {
      const report = await readScan([
        scannedPage(1, [...coaHeader("AB-1234"), row(140, label, "0.71", "7.1"), pesticides]),
      ]);
      expect(analyte(report, "d9_thc"), label).toMatchObject({ value: 0.71, unit: "%" });
    }
  });

  it('reads "AB-THC" as Δ8-THC where the page names Δ9-THC, and not otherwise', async () => {
    const named = await readScan([
      scannedPage(1, [
        ...coaHeader("AB-1234"),
        row(140, "A9 THC", "0.71", "7.1"),
        row(155, "AB-THC", "8.54", "85.4"),
        pesticides,
      ]),
    ]);
    expect(analyte(named, "d8_thc")).toMatchObject({ value: 8.54, unit: "%" });
    expect(analyte(named, "d9_thc")).toMatchObject({ value: 0.71, unit: "%" });

    const alone = await readScan([
      scannedPage(1, [
        ...coaHeader("AB-1234"),
        row(140, "THCa", "23.45", "234.5"),
        row(155, "AB-THC", "8.54", "85.4"),
        pesticides,
      ]),
    ]);
    expect(analyte(alone, "d8_thc")).toBeNull();
    expect(analyte(alone, "d9_thc")).toBeNull();
  });

  it("leaves an A before other figures or names, or on another line, as read", () => {
    const { words } = scannedPage(1, [
      {
        y: 100,
        cells: [
          [40, "A9"],
          [200, "THC"],
          [300, "A9 Terpenes"],
          [400, "A7 THC"],
        ],
      },
      { y: 120, cells: [[40, "A8"]] },
      { y: 140, cells: [[40, "THC"]] },
    ]);
    expect(withDeltaSigns(words).map((w) => w.text)).toEqual(words.map((w) => w.text));
  });
});

describe("specks OCR reads as letters", () => {
  it("drops a faint speck between a name and its results, not a faint figure or name", async () => {
    const page = scannedPage(1, [
      ...coaHeader("AB-1234"),
      {
        y: 140,
        cells: [
          [40, "Δ9-THC"],
          [150, ")é"],
          [300, "0.790"],
          [400, "7.90"],
        ],
      },
      {
        y: 155,
        cells: [
          [40, "CBG"],
          [300, "0.12"],
          [400, "1.2"],
        ],
      },
      pesticides,
    ]);
    const faint = (text: string) => {
      const word = page.words.find((w) => w.text === text);
      if (word) word.confidence = 38;
    };
    [")é", "CBG", "0.12"].forEach(faint);
    const report = await readScan([page]);
    expect(analyte(report, "d9_thc")).toMatchObject({ value: 0.79, unit: "%" });
    expect(analyte(report, "cbg")).toMatchObject({ value: 0.12, unit: "%" });
  });
});

describe("signs that join two names", () => {
  it('keeps "+" between two words of a line: the verdict after the second is the name\'s', async () => {
    const report = await readScan([
      scannedPage(1, [
        ...coaHeader("AB-1234"),
        {
          y: 140,
          cells: [
            [40, "THCa"],
            [200, "0.05"],
            [300, "23.45"],
            [400, "234.5"],
          ],
        },
        { y: 400, cells: [[40, "Foreign Matter + Seeds: PASS"]] },
      ]),
    ]);
    const panel = report.safety.panels.find((p) => p.panel === "foreign_matter");
    expect(panel?.status).toBe("pass");
  });
});

describe("letter-spaced figures OCR split at their stop", () => {
  it('joins "32." and "14200" on one line, close together, and nothing else', () => {
    const { words } = scannedPage(1, [
      {
        y: 100,
        cells: [
          [40, "32."],
          [57, "14200"],
          [120, "7."],
          [200, "5"],
        ],
      },
      { y: 120, cells: [[40, "12."]] },
      { y: 140, cells: [[40, "34"]] },
    ]);
    expect(joinSplitFigures(words).map((w) => w.text)).toEqual([
      "32.14200",
      "7.",
      "5",
      "12.",
      "34",
    ]);
  });
});
