import { PNG } from "pngjs";
import type { PageBox } from "~/pipeline/review-items";

/**
 * Cuts the part of a painted page around a reading, with the reading's box outlined, so the merchant
 * sees the figure and its row's label together. The only importer of pngjs.
 */

/**
 * Page on either side of the box, as fractions of its width: more to the left, where a row's label
 * sits on every COA layout, so the merchant sees which analyte the figure belongs to.
 */
const PAD_LEFT = 0.38;
const PAD_RIGHT = 0.1;
const PAD_Y_MIN = 0.035;
/** The outline's width in pixels and colour (an orange a merchant notices on black print). */
const OUTLINE_PX = 3;
const OUTLINE_RGB = [230, 92, 0] as const;

export type CropResult =
  | { ok: true; png: Uint8Array; width: number; height: number }
  | { ok: false; reason: "not-a-png" | "too-large" };

export interface CropLimits {
  /** The largest side a stored page may have; a larger one is refused before it is decoded. */
  maxSidePx: number;
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(Math.max(value, low), high);
}

/** Width and height from the PNG's header (IHDR), without decoding it. */
function headerSize(png: Uint8Array): { width: number; height: number } | null {
  if (png.byteLength < 24) return null;
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  if (view.getUint32(0) !== 0x89504e47 || view.getUint32(12) !== 0x49484452) return null;
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

export function cropPageImage(png: Uint8Array, box: PageBox, limits: CropLimits): CropResult {
  const size = headerSize(png);
  if (!size) return { ok: false, reason: "not-a-png" };
  if (size.width > limits.maxSidePx || size.height > limits.maxSidePx) {
    return { ok: false, reason: "too-large" };
  }
  let page: PNG;
  try {
    page = PNG.sync.read(Buffer.from(png.buffer, png.byteOffset, png.byteLength));
  } catch {
    return { ok: false, reason: "not-a-png" };
  }
  const { width, height } = page;
  const padY = Math.max(PAD_Y_MIN, box.height * 2.5);
  const left = Math.floor(clamp(box.x - PAD_LEFT, 0, 1) * width);
  const right = Math.ceil(clamp(box.x + box.width + PAD_RIGHT, 0, 1) * width);
  const top = Math.floor(clamp(box.y - padY, 0, 1) * height);
  const bottom = Math.ceil(clamp(box.y + box.height + padY, 0, 1) * height);
  const cropWidth = Math.max(1, right - left);
  const cropHeight = Math.max(1, bottom - top);

  const out = new PNG({ width: cropWidth, height: cropHeight });
  PNG.bitblt(page, out, left, top, cropWidth, cropHeight, 0, 0);
  outline(out, {
    x0: Math.floor(box.x * width) - left - OUTLINE_PX - 2,
    y0: Math.floor(box.y * height) - top - OUTLINE_PX - 2,
    x1: Math.ceil((box.x + box.width) * width) - left + OUTLINE_PX + 1,
    y1: Math.ceil((box.y + box.height) * height) - top + OUTLINE_PX + 1,
  });
  const bytes = PNG.sync.write(out);
  return { ok: true, png: new Uint8Array(bytes), width: cropWidth, height: cropHeight };
}

function outline(image: PNG, rect: { x0: number; y0: number; x1: number; y1: number }): void {
  const paint = (x: number, y: number) => {
    if (x < 0 || y < 0 || x >= image.width || y >= image.height) return;
    const i = (y * image.width + x) * 4;
    image.data[i] = OUTLINE_RGB[0];
    image.data[i + 1] = OUTLINE_RGB[1];
    image.data[i + 2] = OUTLINE_RGB[2];
    image.data[i + 3] = 255;
  };
  for (let t = 0; t < OUTLINE_PX; t++) {
    for (let x = rect.x0; x <= rect.x1; x++) {
      paint(x, rect.y0 + t);
      paint(x, rect.y1 - t);
    }
    for (let y = rect.y0; y <= rect.y1; y++) {
      paint(rect.x0 + t, y);
      paint(rect.x1 - t, y);
    }
  }
}
