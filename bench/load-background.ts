/**
 * bench:load's background work while requests are measured: the app's reader reading the dense
 * document again and again (two children, as the queue's extraction step runs it), and, with
 * `uploads`, a back-to-back bulk upload of the same document through the upload form, honouring
 * Retry-After as the bulk upload page does.
 */
import { randomUUID } from "node:crypto";
import { createPdfTextReader } from "~/integrations/pdf-text.server";
import { BROWSER_UA } from "./load-measure";

export interface Background {
  uploads: { at: number; ms: number; status: number }[];
  reads: { at: number; ms: number; outcome: string }[];
  stop(): Promise<void>;
}

export function startBackground(options: {
  base: string;
  token: string;
  pdf: Uint8Array;
  read: boolean;
  upload: boolean;
}): Background {
  const { base, token, pdf } = options;
  let running = true;
  let stopped: Promise<void> | undefined;
  const uploads: Background["uploads"] = [];
  const reads: Background["reads"] = [];

  const uploading = (async () => {
    while (running && options.upload) {
      const form = new FormData();
      form.set("productId", "gid://shopify/Product/1");
      form.set("productTitle", "Dense");
      // A comment after %%EOF makes each upload a new file: the same bytes again would be
      // answered as a duplicate (409) without being read.
      const unique = Buffer.concat([Buffer.from(pdf), Buffer.from(`\n%${randomUUID()}\n`)]);
      form.set("file", new Blob([unique], { type: "application/pdf" }), "dense.pdf");
      const t0 = performance.now();
      const response = await fetch(
        `${base}/app/lab-reports/new?_data=routes%2Fapp.lab-reports.new`,
        {
          method: "POST",
          headers: { Authorization: `Bearer ${token}`, "User-Agent": BROWSER_UA },
          body: form,
          redirect: "manual",
        },
      );
      await response.arrayBuffer();
      uploads.push({ at: Date.now(), ms: performance.now() - t0, status: response.status });
      const wait = Number(response.headers.get("Retry-After"));
      if (response.status === 429 && wait > 0) {
        await new Promise((resolve) => setTimeout(resolve, wait * 1000));
      }
    }
  })();

  const reader = createPdfTextReader();
  const reading = Promise.all(
    [0, 1].map(async () => {
      while (running && options.read) {
        const t0 = performance.now();
        const result = await reader.read(pdf);
        reads.push({
          at: Date.now(),
          ms: performance.now() - t0,
          outcome: result.ok ? "read" : result.error.code,
        });
      }
    }),
  );

  return {
    uploads,
    reads,
    stop() {
      stopped ??= (async () => {
        running = false;
        await uploading;
        await reading;
        await reader.close();
      })();
      return stopped;
    },
  };
}

const range = (ms: number[]) => {
  const sorted = [...ms].sort((a, b) => a - b);
  return sorted.length
    ? `${(sorted[0]! / 1000).toFixed(1)}–${(sorted.at(-1)! / 1000).toFixed(1)} s`
    : "—";
};

/** What the background did, and (with `timeline`) when, beside when slow requests were due. */
export function backgroundLines(
  background: Background,
  document: { pages: number; bytes: number },
  uploadsAsked: boolean,
  timeline: { from: number; slowAt: number[] } | null,
): string[] {
  const { uploads, reads } = background;
  const statuses = [...new Set(uploads.map((u) => u.status))]
    .map((status) => `${status} × ${uploads.filter((u) => u.status === status).length}`)
    .join(", ");
  const lines = [
    `  meanwhile: ${uploadsAsked ? "" : "(no --uploads) "}${uploads.length} dense ${document.pages}-page PDFs ` +
      `(${(document.bytes / 1e6).toFixed(1)} MB) uploaded, answered ${statuses || "—"}, each ${range(uploads.map((u) => u.ms))}`,
    `  and read by the app's reader (2 children, niceness +10): ${reads.length} reads, ` +
      `outcomes ${[...new Set(reads.map((r) => r.outcome))].join("/")}, each ${range(reads.map((r) => r.ms))}`,
  ];
  if (timeline) {
    const rel = (at: number) => ((at - timeline.from) / 1000).toFixed(2);
    const slow = timeline.slowAt;
    const spells = slow.filter((at, i) => i === 0 || at - slow[i - 1]! > 50);
    lines.push(
      `  timeline (s since the webhooks began): requests over 100 ms due at ${spells.map(rel).join(", ") || "—"}`,
      `  reads ended at ${reads.map((r) => rel(r.at)).join(", ") || "—"}`,
      `  uploads ended at ${uploads.map((u) => rel(u.at)).join(", ") || "—"}`,
    );
  }
  return lines;
}
