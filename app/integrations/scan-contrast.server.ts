/**
 * Evens out a scanned page's paper before OCR. Scans shade table rows and result columns grey,
 * print a faint watermark across the table, and darken towards an edge; Tesseract's threshold,
 * global (Otsu) or local (Sauvola), then turns a grey band into black or splits it from the rest
 * of the page as a picture, and its words are lost. Each pixel is divided by the brightest pixel
 * around it (the paper there, whatever its shade): print stays as dark against its own band as it
 * was, and every band becomes white paper.
 *
 * Loaded by the PDF reader's child with plain Node's type stripping: erasable syntax only.
 */

/** RGBA pixels as a canvas holds them, changed in place to their flattened grey. */
export interface Pixels {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

/**
 * `radius` is half the window the paper is looked for in, in pixels: wider than the strokes of
 * the boldest print (so a letter's inside is never taken for paper) and narrower than a band.
 */
export function flattenBackground(pixels: Pixels, radius: number): void {
  const { data, width, height } = pixels;
  const grey = new Uint8Array(width * height);
  for (let i = 0; i < grey.length; i++) {
    const p = i * 4;
    // Rec. 601 luma, in integers: the recogniser reads grey.
    grey[i] = (data[p]! * 299 + data[p + 1]! * 587 + data[p + 2]! * 114) / 1000;
  }
  const rows = maxFilter(grey, height, width, radius, 1, width);
  const paper = maxFilter(rows, width, height, radius, width, 1);
  for (let i = 0; i < grey.length; i++) {
    const light = paper[i]!;
    // A dark area wider than the window (a logo, a QR code, a black header) has no paper in
    // sight: it is left as printed rather than blown up into noise.
    const value =
      light < MIN_PAPER ? grey[i]! : Math.min(255, Math.round((grey[i]! * 255) / light));
    const p = i * 4;
    data[p] = value;
    data[p + 1] = value;
    data[p + 2] = value;
  }
}

/** Paper darker than this is no paper: a solid fill, kept as it is. */
const MIN_PAPER = 96;

/**
 * The largest value within `radius` along one direction, for every line of the picture: van Herk
 * and Gil-Werman's running maximum, three comparisons a pixel whatever the radius. `lines` lines
 * of `length` pixels, `step` apart along a line and `stride` apart from line to line.
 */
function maxFilter(
  source: Uint8Array,
  lines: number,
  length: number,
  radius: number,
  step: number,
  stride: number,
): Uint8Array {
  const out = new Uint8Array(source.length);
  const size = 2 * radius + 1;
  const forward = new Uint8Array(length + 2 * radius);
  const backward = new Uint8Array(length + 2 * radius);
  const padded = new Uint8Array(length + 2 * radius);
  for (let line = 0; line < lines; line++) {
    const start = line * stride;
    for (let i = 0; i < length; i++) padded[i + radius] = source[start + i * step]!;
    // Beyond the edges nothing is brighter than what is inside.
    padded.fill(0, 0, radius);
    padded.fill(0, length + radius);
    const n = padded.length;
    for (let i = 0; i < n; i++) {
      forward[i] = i % size === 0 ? padded[i]! : Math.max(forward[i - 1]!, padded[i]!);
    }
    for (let i = n - 1; i >= 0; i--) {
      backward[i] =
        i === n - 1 || (i + 1) % size === 0 ? padded[i]! : Math.max(backward[i + 1]!, padded[i]!);
    }
    for (let i = 0; i < length; i++) {
      // The window [i, i + size - 1] of the padded line is centred on pixel i.
      out[start + i * step] = Math.max(backward[i]!, forward[i + size - 1]!);
    }
  }
  return out;
}
