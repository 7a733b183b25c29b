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
  const fill = fills(grey, width, height, radius);
  for (let i = 0; i < grey.length; i++) {
    const light = paper[i]!;
    const ground = fill.ground[i]!;
    // On a fill (a badge, a tile, a header bar), print is whatever stands out from the fill, lighter
    // or darker: white print on grey becomes dark print on white paper, as does dark print.
    // Elsewhere, a dark area wider than the window (a logo, a QR code) has no paper in sight: it
    // is left as printed rather than blown up into noise.
    const value = fill.mask[i]
      ? standingOut(grey[i]!, ground)
      : light < MIN_PAPER
        ? grey[i]!
        : Math.min(255, Math.round((grey[i]! * 255) / light));
    const p = i * 4;
    data[p] = value;
    data[p + 1] = value;
    data[p + 2] = value;
  }
}

/** Paper darker than this is no paper: a solid fill, kept as it is. */
const MIN_PAPER = 96;
/** A background darker than this, wide and tall, is a fill (a badge, a tile, a bar), not paper. */
const MAX_FILL = 160;

/** White for the fill itself, black for print as far from it as print can be, either way. */
function standingOut(value: number, ground: number): number {
  const distance = value >= ground ? (value - ground) / (256 - ground) : (ground - value) / ground;
  return Math.max(0, Math.round(255 * (1 - Math.min(1, distance))));
}

/**
 * The page's fills and the shade of each, in the picture's pixels. Found on a copy a point to the
 * pixel (blocks of `radius` / 4 averaged): the picture without its print (strokes, light or dark,
 * thinner than about two points, taken out by an opening and a closing), where it stays darker
 * than paper over an area several points across — wider than any stroke of print, so a bold
 * heading is never a fill. Holes as wide as that (large light letters on a fill) belong to it.
 */
function fills(
  grey: Uint8Array,
  width: number,
  height: number,
  radius: number,
): { ground: Uint8Array; mask: Uint8Array } {
  const block = Math.max(1, Math.round(radius / 4));
  const w = Math.ceil(width / block);
  const h = Math.ceil(height / block);
  const small = new Uint8Array(w * h);
  const sums = new Uint32Array(w * h);
  const counts = new Uint32Array(w * h);
  const column = new Uint32Array(width);
  for (let x = 0; x < width; x++) column[x] = Math.floor(x / block);
  for (let y = 0; y < height; y++) {
    const row = Math.floor(y / block) * w;
    const line = y * width;
    for (let x = 0; x < width; x++) {
      const at = row + column[x]!;
      sums[at] = sums[at]! + grey[line + x]!;
      counts[at] = counts[at]! + 1;
    }
  }
  for (let i = 0; i < small.length; i++) small[i] = Math.round(sums[i]! / Math.max(1, counts[i]!));
  const filter = (source: Uint8Array, r: number, max: boolean) =>
    extremumFilter(extremumFilter(source, h, w, r, 1, w, max), w, h, r, w, 1, max);
  // Print, light or dark, covers less of any nine points square than its paper or fill does.
  const ground = medianFilter(small, w, h, 4);
  let mask: Uint8Array = new Uint8Array(ground.length);
  for (let i = 0; i < mask.length; i++) mask[i] = ground[i]! < MAX_FILL ? 255 : 0;
  mask = filter(filter(mask, 2, false), 2, true);
  mask = filter(filter(mask, 4, true), 4, false);
  // A point in from its edge: paper beside a fill is not light print on it.
  mask = filter(mask, 1, false);
  const fullGround = new Uint8Array(width * height);
  const fullMask = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const row = Math.floor(y / block) * w;
    const line = y * width;
    for (let x = 0; x < width; x++) {
      const at = row + column[x]!;
      fullGround[line + x] = ground[at]!;
      fullMask[line + x] = mask[at]!;
    }
  }
  return { ground: fullGround, mask: fullMask };
}

/**
 * The median of every square of `2 × radius + 1` pixels (Huang's running histogram, in steps of
 * four grey levels); beyond the edges the picture is taken to go on as at its edge.
 */
function medianFilter(
  source: Uint8Array,
  width: number,
  height: number,
  radius: number,
): Uint8Array {
  const out = new Uint8Array(source.length);
  const half = ((2 * radius + 1) ** 2 + 1) / 2;
  const at = (x: number, y: number) =>
    source[Math.min(height - 1, Math.max(0, y)) * width + Math.min(width - 1, Math.max(0, x))]! >>
    2;
  const histogram = new Uint32Array(64);
  for (let y = 0; y < height; y++) {
    histogram.fill(0);
    for (let dy = -radius; dy <= radius; dy++) {
      for (let dx = -radius; dx <= radius; dx++) histogram[at(dx, y + dy)]! += 1;
    }
    for (let x = 0; x < width; x++) {
      if (x > 0) {
        for (let dy = -radius; dy <= radius; dy++) {
          histogram[at(x - radius - 1, y + dy)]! -= 1;
          histogram[at(x + radius, y + dy)]! += 1;
        }
      }
      let count = 0;
      let level = 0;
      while (level < 63 && count + histogram[level]! < half) count += histogram[level++]!;
      out[y * width + x] = (level << 2) + 2;
    }
  }
  return out;
}

/** The largest value within `radius`: see extremumFilter. */
function maxFilter(
  source: Uint8Array,
  lines: number,
  length: number,
  radius: number,
  step: number,
  stride: number,
): Uint8Array {
  return extremumFilter(source, lines, length, radius, step, stride, true);
}

/**
 * The largest (or smallest) value within `radius` along one direction, for every line of the
 * picture: van Herk and Gil-Werman's running maximum, three comparisons a pixel whatever the
 * radius. `lines` lines of `length` pixels, `step` apart along a line and `stride` apart from line
 * to line.
 */
function extremumFilter(
  source: Uint8Array,
  lines: number,
  length: number,
  radius: number,
  step: number,
  stride: number,
  max: boolean,
): Uint8Array {
  const beyond = max ? 0 : 255;
  const out = new Uint8Array(source.length);
  const size = 2 * radius + 1;
  const forward = new Uint8Array(length + 2 * radius);
  const backward = new Uint8Array(length + 2 * radius);
  const padded = new Uint8Array(length + 2 * radius);
  for (let line = 0; line < lines; line++) {
    const start = line * stride;
    for (let i = 0; i < length; i++) padded[i + radius] = source[start + i * step]!;
    // Beyond the edges nothing is brighter (darker) than what is inside.
    padded.fill(beyond, 0, radius);
    padded.fill(beyond, length + radius);
    const n = padded.length;
    for (let i = 0; i < n; i++) {
      const value = padded[i]!;
      const previous = forward[i - 1]!;
      forward[i] = i % size === 0 ? value : max === value > previous ? value : previous;
    }
    for (let i = n - 1; i >= 0; i--) {
      const value = padded[i]!;
      const next = backward[i + 1]!;
      backward[i] =
        i === n - 1 || (i + 1) % size === 0 ? value : max === value > next ? value : next;
    }
    for (let i = 0; i < length; i++) {
      // The window [i, i + size - 1] of the padded line is centred on pixel i.
      const a = backward[i]!;
      const b = forward[i + size - 1]!;
      out[start + i * step] = max === a > b ? a : b;
    }
  }
  return out;
}
