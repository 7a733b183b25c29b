import { Busboy, type BusboyFileStream, type BusboyInstance } from "@fastify/busboy";

/**
 * Reads a `multipart/form-data` request body as it streams in (@fastify/busboy, the only importer
 * of it), bounded before anything is buffered: the whole body, each file, each field, the number
 * of parts and of files, and each part's headers. The first limit passed ends the read at once —
 * the rest of the body is never read — and the answer says which. A declared Content-Length over
 * the body's limit is refused before a byte is read; without one the running count decides.
 */

export interface MultipartLimits {
  /** The whole body, boundaries and headers included. */
  maxBodyBytes: number;
  /** Each part that carries a file name. */
  maxFileBytes: number;
  /** Each other part (a text field). */
  maxFieldBytes: number;
  /** Parts of any kind. */
  maxParts: number;
  /** Parts that carry a file name. */
  maxFiles: number;
}

export interface UploadedFile {
  /** The file name the client sent, without any path. */
  name: string;
  type: string;
  bytes: Uint8Array;
}

export type MultipartRefusal =
  | "not-multipart"
  | "body-too-large"
  | "file-too-large"
  | "field-too-large"
  | "too-many-parts"
  | "too-many-files"
  | "malformed";

export type MultipartForm =
  | { ok: true; fields: Record<string, string>; files: Record<string, UploadedFile> }
  | { ok: false; reason: MultipartRefusal };

/** Header lines a part may have (Content-Disposition and Content-Type are all a form sends). */
const MAX_HEADER_PAIRS = 16;
/** Bytes of one part's headers. */
const MAX_HEADER_BYTES = 8 * 1024;

export async function readMultipartForm(
  request: Request,
  limits: MultipartLimits,
): Promise<MultipartForm> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!/^multipart\/form-data\s*;/i.test(contentType) || !request.body) {
    return { ok: false, reason: "not-multipart" };
  }
  const declared = Number(request.headers.get("content-length") ?? Number.NaN);
  if (declared > limits.maxBodyBytes) return { ok: false, reason: "body-too-large" };

  let parser: BusboyInstance;
  try {
    parser = Busboy({
      headers: { "content-type": contentType },
      limits: {
        parts: limits.maxParts,
        // Counted here rather than by busboy: every part is streamed as a "file" (below) so that a
        // field, too, is cut off at its limit rather than at its end.
        files: limits.maxParts,
        headerPairs: MAX_HEADER_PAIRS,
        headerSize: MAX_HEADER_BYTES,
      },
      isPartAFile: () => true,
    });
  } catch {
    // No boundary, or a boundary busboy cannot use.
    return { ok: false, reason: "not-multipart" };
  }
  return streamInto(parser, request.body.getReader(), limits);
}

function streamInto(
  parser: BusboyInstance,
  reader: ReadableStreamDefaultReader<Uint8Array>,
  limits: MultipartLimits,
): Promise<MultipartForm> {
  return new Promise((resolve) => {
    // No prototype: a part named "__proto__" is just a name.
    const fields: Record<string, string> = Object.create(null);
    const files: Record<string, UploadedFile> = Object.create(null);
    let fileCount = 0;
    let settled = false;
    let wake: (() => void) | null = null;

    const settle = (result: MultipartForm) => {
      if (settled) return;
      settled = true;
      wake?.();
      // Stop reading here: nothing more is taken from the client or handed to the parser. The
      // body is released, not cancelled: cancelling a Node request's stream destroys its socket,
      // and the client would get a reset instead of the answer. Unread, the request stays paused
      // (TCP back-pressure) until the client, answered, stops sending, or Node's request timeout
      // ends the connection.
      reader.releaseLock();
      resolve(result);
    };
    const refuse = (reason: MultipartRefusal) => settle({ ok: false, reason });

    parser.on(
      "file",
      (
        name: string,
        stream: BusboyFileStream,
        filename: string | undefined,
        _encoding: string,
        mimeType: string,
      ) => {
        const isFile = filename !== undefined;
        if (isFile && ++fileCount > limits.maxFiles) return refuse("too-many-files");
        const limit = isFile ? limits.maxFileBytes : limits.maxFieldBytes;
        const chunks: Uint8Array[] = [];
        let size = 0;
        stream.on("error", () => refuse("malformed"));
        stream.on("data", (chunk: Uint8Array) => {
          if (settled) return;
          size += chunk.byteLength;
          if (size > limit) return refuse(isFile ? "file-too-large" : "field-too-large");
          chunks.push(chunk);
        });
        stream.on("end", () => {
          if (settled) return;
          const bytes = concat(chunks, size);
          if (isFile) files[name] = { name: filename, type: mimeType, bytes };
          else fields[name] = new TextDecoder().decode(bytes);
        });
      },
    );
    parser.on("partsLimit", () => refuse("too-many-parts"));
    parser.on("error", () => refuse("malformed"));
    parser.on("finish", () => settle({ ok: true, fields, files }));

    void (async () => {
      let total = 0;
      try {
        while (!settled) {
          const { done, value } = await reader.read();
          if (settled) return;
          if (done) {
            parser.end();
            return;
          }
          total += value.byteLength;
          if (total > limits.maxBodyBytes) return refuse("body-too-large");
          if (!parser.write(value)) {
            await new Promise<void>((resume) => {
              wake = resume;
              parser.once("drain", resume);
            });
            wake = null;
          }
        }
      } catch {
        // The client went away mid-body, or the body stream failed.
        refuse("malformed");
      }
    })();
  });
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}
