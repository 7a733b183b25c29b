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

  it("leaves a dark area wider than the window as printed (a logo, a QR code)", () => {
    const pixels = picture(60, 60, (x, y) => (x >= 10 && x < 50 && y >= 10 && y < 50 ? 20 : 250));
    flattenBackground(pixels, 4);
    expect(at(pixels, 30, 30)).toBe(20);
    expect(at(pixels, 5, 5)).toBe(255);
  });
});
