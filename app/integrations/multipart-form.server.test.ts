import { describe, expect, it } from "vitest";
import { streamedInit, streamedMultipart, type StreamedPart } from "../../test/http/streamed-body";
import { readMultipartForm, type MultipartLimits } from "./multipart-form.server";

const MB = 1024 * 1024;
const LIMITS: MultipartLimits = {
  maxBodyBytes: MB + 64 * 1024,
  maxFileBytes: MB,
  maxFieldBytes: 4 * 1024,
  maxParts: 8,
  maxFiles: 1,
};

function streamed(parts: StreamedPart[]) {
  const sent = streamedMultipart(parts);
  const request = new Request(
    "https://app.example/upload",
    streamedInit(sent.body, sent.contentType),
  );
  return { request, sent };
}

/** What a limit may let through before it is passed: the limit, part headers and one chunk. */
const READ_BOUND = LIMITS.maxBodyBytes + 64 * 1024;

describe("reading a multipart form while it streams", () => {
  it("reads the fields and the file of a form sent without Content-Length", async () => {
    const pdf = new TextEncoder().encode("%PDF-1.7 a COA");
    const { request } = streamed([
      { name: "productId", bytes: new TextEncoder().encode("gid://shopify/Product/1") },
      { name: "productTitle", bytes: new TextEncoder().encode("Crème brûlée 3.5g") },
      { name: "file", filename: "C:\\labs\\coa.pdf", type: "application/pdf", bytes: pdf },
    ]);
    const form = await readMultipartForm(request, LIMITS);
    expect(form).toEqual({
      ok: true,
      fields: { productId: "gid://shopify/Product/1", productTitle: "Crème brûlée 3.5g" },
      files: { file: { name: "coa.pdf", type: "application/pdf", bytes: pdf } },
    });
  });

  it("takes a file of exactly the limit", async () => {
    const { request } = streamed([{ name: "file", filename: "a.pdf", size: MB }]);
    const form = await readMultipartForm(request, LIMITS);
    expect(form.ok && form.files.file?.bytes.length).toBe(MB);
  });

  it("stops a file one byte over the limit", async () => {
    const { request } = streamed([{ name: "file", filename: "a.pdf", size: MB + 1 }]);
    expect(await readMultipartForm(request, LIMITS)).toEqual({
      ok: false,
      reason: "file-too-large",
    });
  });

  it("stops a streamed 30 MB file once it passes the limit, having read little more", async () => {
    const { request, sent } = streamed([{ name: "file", filename: "a.pdf", size: 30 * MB }]);
    const form = await readMultipartForm(request, LIMITS);
    // The body's own limit (the file's plus room for the fields) may be passed first.
    expect(form.ok ? "read" : form.reason).toMatch(/^(file|body)-too-large$/);
    expect(sent.bytesPulled()).toBeLessThan(READ_BOUND);
  });

  it("leaves the rest of a refused body unread but not cancelled, so the answer reaches the client", async () => {
    // Cancelling a Node request's body stream destroys its socket: the client would see a reset
    // instead of the 413.
    const { request, sent } = streamed([{ name: "file", filename: "a.pdf", size: 30 * MB }]);
    expect((await readMultipartForm(request, LIMITS)).ok).toBe(false);
    expect(sent.wasCancelled()).toBe(false);
  });

  it("stops a form of a second file at that file", async () => {
    const parts = Array.from({ length: 40 }, (_, i) => ({
      name: `file${i}`,
      filename: `part-${i}.pdf`,
      size: 100 * 1024,
    }));
    const { request, sent } = streamed(parts);
    expect(await readMultipartForm(request, LIMITS)).toEqual({
      ok: false,
      reason: "too-many-files",
    });
    expect(sent.bytesPulled()).toBeLessThan(4 * 100 * 1024);
  });

  it("stops 40 parts of 1 MB sent without Content-Length far short of the body", async () => {
    const parts = Array.from({ length: 40 }, (_, i) => ({
      name: `file${i}`,
      filename: `part-${i}.pdf`,
      size: MB,
    }));
    const { request, sent } = streamed(parts);
    const form = await readMultipartForm(request, LIMITS);
    expect(form.ok ? "read" : form.reason).toMatch(/^(too-many-files|body-too-large)$/);
    expect(sent.totalBytes).toBeGreaterThan(40 * MB);
    expect(sent.bytesPulled()).toBeLessThan(READ_BOUND);
  });

  it("stops a text field at its limit rather than at its end", async () => {
    const { request, sent } = streamed([{ name: "productTitle", size: 10 * MB }]);
    expect(await readMultipartForm(request, LIMITS)).toEqual({
      ok: false,
      reason: "field-too-large",
    });
    expect(sent.bytesPulled()).toBeLessThan(LIMITS.maxFieldBytes + 2 * 64 * 1024);
  });

  it("refuses more parts than the form has room for", async () => {
    const parts = Array.from({ length: 50 }, (_, i) => ({ name: `f${i}`, size: 10 }));
    const { request } = streamed(parts);
    expect(await readMultipartForm(request, LIMITS)).toEqual({
      ok: false,
      reason: "too-many-parts",
    });
  });

  it("bounds the whole body, preamble and all, not only its parts", async () => {
    const sent = streamedMultipart([{ name: "file", filename: "a.pdf", size: 10 }]);
    const preamble = new ReadableStream<Uint8Array>(
      {
        start(controller) {
          controller.enqueue(new Uint8Array(2 * MB).fill(0x20));
        },
        async pull(controller) {
          const reader = sent.body.getReader();
          for (;;) {
            const { done, value } = await reader.read();
            if (done) return controller.close();
            controller.enqueue(value);
          }
        },
      },
      { highWaterMark: 0 },
    );
    const request = new Request(
      "https://app.example/upload",
      streamedInit(preamble, sent.contentType),
    );
    expect(await readMultipartForm(request, LIMITS)).toEqual({
      ok: false,
      reason: "body-too-large",
    });
  });

  it("refuses a declared Content-Length over the limit without reading a byte", async () => {
    let read = false;
    const body = new ReadableStream<Uint8Array>(
      {
        pull() {
          read = true;
        },
      },
      { highWaterMark: 0 },
    );
    const request = new Request(
      "https://app.example/upload",
      streamedInit(body, "multipart/form-data; boundary=x", {
        "content-length": String(LIMITS.maxBodyBytes + 1),
      }),
    );
    expect(await readMultipartForm(request, LIMITS)).toEqual({
      ok: false,
      reason: "body-too-large",
    });
    expect(read).toBe(false);
  });

  it("calls a body cut off mid-part malformed, and a body of another kind not multipart", async () => {
    const whole = streamedMultipart([{ name: "file", filename: "a.pdf", size: 1000 }]);
    const cut = new ReadableStream<Uint8Array>({
      async start(controller) {
        const first = await whole.body.getReader().read();
        controller.enqueue(first.value ?? new Uint8Array());
        controller.enqueue(new Uint8Array(100));
        controller.close();
      },
    });
    const request = new Request("https://app.example/upload", streamedInit(cut, whole.contentType));
    expect(await readMultipartForm(request, LIMITS)).toEqual({ ok: false, reason: "malformed" });

    const json = new Request("https://app.example/upload", {
      method: "POST",
      body: "{}",
      headers: { "content-type": "application/json" },
    });
    expect(await readMultipartForm(json, LIMITS)).toEqual({ ok: false, reason: "not-multipart" });
    const noBoundary = new Request("https://app.example/upload", {
      method: "POST",
      body: "x",
      headers: { "content-type": "multipart/form-data; charset=utf-8" },
    });
    expect(await readMultipartForm(noBoundary, LIMITS)).toEqual({
      ok: false,
      reason: "not-multipart",
    });
  });
});
