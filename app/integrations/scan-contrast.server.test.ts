import { describe, expect, it } from "vitest";
import { flattenBackground } from "./scan-contrast.server";

/** A grey picture from a function of (x, y), as a canvas holds it (RGBA). */
function picture(width: number, height: number, grey: (x: number, y: number) => number) {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = (y * width + x) * 4;
      data.fill(grey(x, y), p, p + 3);
      data[p + 3] = 255;
    }
  }
  return { data, width, height };
}

const at = (pixels: ReturnType<typeof picture>, x: number, y: number) =>
  pixels.data[(y * pixels.width + x) * 4];

describe("evening out a scanned page's paper", () => {
  it("turns a shaded row white and keeps its print dark", () => {
    // White paper; rows 20–39 shaded grey (170); a 2-pixel stroke of print (60) inside the band,
    // another (40) on the white paper.
    const pixels = picture(80, 60, (x, y) => {
      const stroke = x >= 30 && x < 32;
      if (y >= 20 && y < 40) return stroke ? 60 : 170;
      return stroke && y < 10 ? 40 : 250;
    });
    flattenBackground(pixels, 6);
    expect(at(pixels, 10, 30)).toBe(255);
    expect(at(pixels, 10, 5)).toBe(255);
    // Print keeps its contrast with its own paper: 60 on 170 is as dark as 90 on white.
    expect(at(pixels, 30, 30)).toBeLessThan(100);
    expect(at(pixels, 30, 5)).toBeLessThan(50);
  });

  it("turns white print on a grey fill (a badge, a tile) into dark print on white paper", () => {
    // A grey badge (120) with a light stroke of print (245) across it, on white paper (250).
    const pixels = picture(160, 100, (x, y) => {
      const badge = x >= 10 && x < 150 && y >= 10 && y < 90;
      if (!badge) return 250;
      return x >= 70 && x < 74 && y >= 30 && y < 70 ? 245 : 120;
    });
    flattenBackground(pixels, 8);
    expect(at(pixels, 71, 50)).toBeLessThan(60);
    expect(at(pixels, 40, 50)).toBeGreaterThan(200);
    expect(at(pixels, 3, 3)).toBe(255);
  });

  it("reads dark print on a fill as print, and takes no bold stroke on paper for a fill", () => {
    const pixels = picture(160, 100, (x, y) => {
      const badge = x >= 10 && x < 150 && y >= 10 && y < 90;
      const stroke = x >= 70 && x < 74 && y >= 30 && y < 70;
      if (badge) return stroke ? 20 : 140;
      // A bold heading's stroke, thicker than the window's print, on white paper.
      return x >= 40 && x < 46 && y >= 92 && y < 100 ? 10 : 250;
    });
    flattenBackground(pixels, 8);
    expect(at(pixels, 71, 50)).toBeLessThan(60);
    expect(at(pixels, 40, 50)).toBeGreaterThan(200);
    expect(at(pixels, 42, 96)).toBeLessThan(60);
  });
});
