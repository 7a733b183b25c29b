import { describe, expect, it } from "vitest";
import { isGarbledTextLayer } from "./garbled-text";
import type { Row } from "./text-layout";

const row = (page: number, text: string): Row => ({
  page,
  y: 0,
  height: 8,
  cells: [{ text, x: 0, xEnd: 100 }],
  text,
});

const wordsPage = (page: number): Row[] =>
  Array.from({ length: 12 }, (_, i) =>
    row(page, `Total THC ${i}.21 % Cannabinoids result batch sample date pass laboratory`),
  );

describe("isGarbledTextLayer", () => {
  it("trusts a report whose pages read as words and numbers", () => {
    expect(isGarbledTextLayer([...wordsPage(1), ...wordsPage(2)])).toBe(false);
  });

  it("distrusts a report with one page whose glyphs map to punctuation and digits", () => {
    const garbled = Array.from({ length: 12 }, () => row(3, "943>8 #$'1 ,.+/ 22=4 &%*( 7;<9 !)0?"));
    expect(isGarbledTextLayer([...wordsPage(1), ...wordsPage(2), ...garbled])).toBe(true);
  });
});
