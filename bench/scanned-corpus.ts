import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import jpeg from "jpeg-js";
import { PDFDocument } from "pdf-lib";
import { PNG } from "pngjs";

/**
 * Image-only versions of the corpus COAs, as a scanner or a phone would make them: each page
 * painted by poppler's pdftoppm at 150 to 200 dpi in grey, some turned by 1 to 2 degrees, some
 * with sensor noise and heavy JPEG compression, then put back into a PDF that holds only the
 * pictures (pdf-lib). Kept under .cache/ so that a second run only reads.
 */

export interface ScanVariant {
  dpi: number;
  /** Degrees, clockwise. */
  rotation: number;
  /** Standard deviation of the grey noise added to each pixel (0: none). */
  noise: number;
  jpegQuality: number;
}

const run = promisify(execFile);

/** The n-th corpus file's variant: a fixed cycle, so that every run makes the same scans. */
export function scanVariant(index: number): ScanVariant {
  const dpi = [200, 150, 175][index % 3] ?? 200;
  const rotation = index % 4 === 1 ? 1.2 : index % 4 === 3 ? -1.8 : 0;
  const rough = index % 2 === 1;
  return { dpi, rotation, noise: rough ? 12 : 0, jpegQuality: rough ? 55 : 85 };
}

export function variantName(variant: ScanVariant): string {
  return `${variant.dpi}dpi_rot${variant.rotation}_noise${variant.noise}_q${variant.jpegQuality}`;
}

/** The scanned version of `pdfPath`, made on first use and cached under `cacheDir`. */
export async function scannedCopy(
  pdfPath: string,
  variant: ScanVariant,
  cacheDir: string,
): Promise<Uint8Array> {
  const target = path.join(
    cacheDir,
    `${path.basename(pdfPath, ".pdf")}__${variantName(variant)}.pdf`,
  );
  const made = await stat(target).catch(() => null);
  if (made) return new Uint8Array(await readFile(target));
  await mkdir(cacheDir, { recursive: true });
  const bytes = await scan(pdfPath, variant);
  await writeFile(target, bytes);
  return bytes;
}

async function scan(pdfPath: string, variant: ScanVariant): Promise<Uint8Array> {
  const work = await mkdtemp(path.join(tmpdir(), "scan-"));
  try {
    await run("pdftoppm", ["-r", String(variant.dpi), "-gray", "-png", pdfPath, `${work}/p`]);
    const pictures = (await readdir(work)).filter((f) => f.endsWith(".png")).sort();
    const pdf = await PDFDocument.create();
    for (const picture of pictures) {
      const png = PNG.sync.read(await readFile(path.join(work, picture)));
      const grey = toGrey(png);
      const turned = variant.rotation ? rotate(grey, variant.rotation) : grey;
      if (variant.noise) addNoise(turned, variant.noise);
      const encoded = jpeg.encode(toRgba(turned), variant.jpegQuality).data;
      const image = await pdf.embedJpg(encoded);
      const width = (grey.width * 72) / variant.dpi;
      const height = (grey.height * 72) / variant.dpi;
      pdf.addPage([width, height]).drawImage(image, { x: 0, y: 0, width, height });
    }
    return await pdf.save();
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

interface Grey {
  width: number;
  height: number;
  data: Uint8Array;
}

function toGrey(png: PNG): Grey {
  const data = new Uint8Array(png.width * png.height);
  for (let i = 0; i < data.length; i++) data[i] = png.data[i * 4] ?? 255;
  return { width: png.width, height: png.height, data };
}

function toRgba({ width, height, data }: Grey) {
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0; i < data.length; i++) {
    const v = data[i] ?? 255;
    rgba[i * 4] = rgba[i * 4 + 1] = rgba[i * 4 + 2] = v;
    rgba[i * 4 + 3] = 255;
  }
  return { width, height, data: rgba };
}

/** Turned about the centre on white paper, sampled bilinearly. */
function rotate(source: Grey, degrees: number): Grey {
  const { width, height } = source;
  const out = new Uint8Array(width * height).fill(255);
  const angle = (degrees * Math.PI) / 180;
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const cx = width / 2;
  const cy = height / 2;
  const at = (x: number, y: number) =>
    x < 0 || y < 0 || x >= width || y >= height ? 255 : (source.data[y * width + x] ?? 255);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const sx = cos * (x - cx) + sin * (y - cy) + cx;
      const sy = -sin * (x - cx) + cos * (y - cy) + cy;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const fx = sx - x0;
      const fy = sy - y0;
      const top = at(x0, y0) * (1 - fx) + at(x0 + 1, y0) * fx;
      const bottom = at(x0, y0 + 1) * (1 - fx) + at(x0 + 1, y0 + 1) * fx;
      out[y * width + x] = Math.round(top * (1 - fy) + bottom * fy);
    }
  }
  return { width, height, data: out };
}

/** Grey noise with a fixed seed (Box–Muller over a small linear congruential generator). */
function addNoise(picture: Grey, sigma: number): void {
  let seed = 12345;
  const random = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed + 0.5) / 2 ** 32;
  };
  for (let i = 0; i < picture.data.length; i++) {
    const gauss = Math.sqrt(-2 * Math.log(random())) * Math.cos(2 * Math.PI * random());
    picture.data[i] = Math.max(
      0,
      Math.min(255, Math.round((picture.data[i] ?? 255) + sigma * gauss)),
    );
  }
}
