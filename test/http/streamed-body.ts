/**
 * Request bodies that stream as a client sends them, without Content-Length, made on demand
 * (nothing is pulled before the server reads): a multipart form of any size, and a body that
 * must not be read at all.
 */

export interface StreamedPart {
  name: string;
  /** Makes the part a file. */
  filename?: string;
  type?: string;
  /** The part's content: these bytes, or `size` bytes of `fill`. */
  bytes?: Uint8Array;
  size?: number;
  fill?: number;
}

export interface StreamedBody {
  body: ReadableStream<Uint8Array>;
  contentType: string;
  /** Bytes handed to the reader so far. */
  bytesPulled(): number;
  /** Whether the reader cancelled the stream (on a server, that resets the connection). */
  wasCancelled(): boolean;
  /** Every byte of the body, for comparison. */
  totalBytes: number;
}

const CHUNK = 64 * 1024;
const encoder = new TextEncoder();

export function streamedMultipart(parts: StreamedPart[]): StreamedBody {
  const boundary = `----heady-test-${Math.random().toString(16).slice(2)}`;
  const head = (part: StreamedPart) => {
    const file = part.filename === undefined ? "" : `; filename="${part.filename}"`;
    const type = part.type ? `\r\nContent-Type: ${part.type}` : "";
    const disposition = `Content-Disposition: form-data; name="${part.name}"${file}`;
    return encoder.encode(`--${boundary}\r\n${disposition}${type}\r\n\r\n`);
  };
  const tail = encoder.encode(`--${boundary}--\r\n`);
  // Each piece is made only when the reader asks for it.
  function* pieces(): Generator<Uint8Array> {
    for (const part of parts) {
      yield head(part);
      if (part.bytes) {
        for (let at = 0; at < part.bytes.length; at += CHUNK) {
          yield part.bytes.subarray(at, at + CHUNK);
        }
      } else {
        for (let left = part.size ?? 0; left > 0; left -= CHUNK) {
          yield new Uint8Array(Math.min(CHUNK, left)).fill(part.fill ?? 0x41);
        }
      }
      yield encoder.encode("\r\n");
    }
    yield tail;
  }
  const totalBytes = parts.reduce(
    (sum, part) => sum + head(part).byteLength + (part.bytes?.byteLength ?? part.size ?? 0) + 2,
    tail.byteLength,
  );
  const source = pieces();
  let pulled = 0;
  let cancelled = false;
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        const next = source.next();
        if (next.done) return controller.close();
        pulled += next.value.byteLength;
        controller.enqueue(next.value);
      },
      cancel() {
        cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return {
    body,
    contentType: `multipart/form-data; boundary=${boundary}`,
    bytesPulled: () => pulled,
    wasCancelled: () => cancelled,
    totalBytes,
  };
}

/** A body whose first read is recorded (and fails), for checks made before the body. */
export function unreadBody(): { body: ReadableStream<Uint8Array>; wasRead(): boolean } {
  let read = false;
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        read = true;
        controller.error(new Error("The body was read"));
      },
    },
    { highWaterMark: 0 },
  );
  return { body, wasRead: () => read };
}

/** RequestInit for a streamed body (fetch needs `duplex: "half"` for one). */
export function streamedInit(
  body: ReadableStream<Uint8Array>,
  contentType: string,
  headers: Record<string, string> = {},
): RequestInit {
  return {
    method: "POST",
    body,
    headers: { "content-type": contentType, ...headers },
    duplex: "half",
  } as RequestInit;
}
