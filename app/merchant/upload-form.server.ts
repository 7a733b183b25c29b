import {
  readMultipartForm,
  type MultipartLimits,
  type MultipartRefusal,
  type UploadedFile,
} from "~/integrations/multipart-form.server";
import { tooLargeMessage } from "./upload-lab-report.server";

export type { UploadedFile } from "~/integrations/multipart-form.server";

/**
 * The body of a COA upload (the admin's upload page and `POST /api/v1/lab-reports`): one PDF and a
 * few short fields as multipart/form-data, read with hard limits while it streams in, so an
 * oversize or many-part body is refused before it is buffered and nothing is stored.
 */

/** Parts a COA upload needs at most: the file and the product fields of the page or the API. */
export const MAX_FORM_PARTS = 8;
/** Bytes of one text field: a product id or title is far shorter. */
export const MAX_FIELD_BYTES = 4 * 1024;
/** Room for the boundaries, part headers and fields beside the file. */
const FORM_OVERHEAD_BYTES = 64 * 1024;

export function coaFormLimits(maxFileBytes: number): MultipartLimits {
  return {
    maxBodyBytes: maxFileBytes + FORM_OVERHEAD_BYTES,
    maxFileBytes,
    maxFieldBytes: MAX_FIELD_BYTES,
    maxParts: MAX_FORM_PARTS,
    maxFiles: 1,
  };
}

export type CoaFormRefusal = {
  ok: false;
  status: 400 | 413;
  /** The API's problem code. */
  code: "too-large" | "payload-too-large" | "invalid-request";
  message: string;
};

export type CoaForm =
  | { ok: true; fields: Record<string, string>; files: Record<string, UploadedFile> }
  | CoaFormRefusal;

function refusal(reason: MultipartRefusal, maxFileBytes: number): CoaFormRefusal {
  switch (reason) {
    case "body-too-large":
    case "file-too-large":
      return { ok: false, status: 413, code: "too-large", message: tooLargeMessage(maxFileBytes) };
    case "field-too-large":
      return {
        ok: false,
        status: 413,
        code: "payload-too-large",
        message: `A form field is longer than ${MAX_FIELD_BYTES / 1024} KB. Send the COA with its product only.`,
      };
    case "too-many-parts":
    case "too-many-files":
      return {
        ok: false,
        status: 400,
        code: "invalid-request",
        message: `Send one COA PDF per upload, in a form of at most ${MAX_FORM_PARTS} parts.`,
      };
    case "not-multipart":
      return {
        ok: false,
        status: 400,
        code: "invalid-request",
        message: "Send the COA as multipart/form-data with the PDF in the part `file`.",
      };
    case "malformed":
      return {
        ok: false,
        status: 400,
        code: "invalid-request",
        message: "The upload could not be read (the form was cut off or damaged). Try again.",
      };
  }
}

/** Reads the upload's form within `coaFormLimits(maxFileBytes)`; refusals say why in plain words. */
export async function readCoaForm(request: Request, maxFileBytes: number): Promise<CoaForm> {
  const form = await readMultipartForm(request, coaFormLimits(maxFileBytes));
  return form.ok ? form : refusal(form.reason, maxFileBytes);
}
