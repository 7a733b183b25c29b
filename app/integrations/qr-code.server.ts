import QRCode from "qrcode";

/**
 * QR codes (npm `qrcode`, the only importer). Error correction M (15 % of the code may be lost)
 * survives a scuffed or curved package; the quiet zone is the 4 modules the standard asks for.
 */
const OPTIONS = { errorCorrectionLevel: "M", margin: 4 } as const;

/** A scalable SVG (black on white, crisp edges), for print artwork. */
export function qrCodeSvg(text: string): Promise<string> {
  return QRCode.toString(text, { ...OPTIONS, type: "svg" });
}

/** A PNG `width` pixels square, for label printers and design tools that take bitmaps. */
export async function qrCodePng(text: string, width = 1024): Promise<Uint8Array> {
  const buffer = await QRCode.toBuffer(text, { ...OPTIONS, type: "png", width });
  return new Uint8Array(buffer);
}
