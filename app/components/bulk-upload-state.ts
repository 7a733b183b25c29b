/**
 * The bulk upload queue's state, file by file, kept apart from React so its rules are tested: files
 * go one request at a time; a file the server refuses says why; once the plan's allowance is spent
 * the files not sent yet are not sent, with that reason.
 */

/** What the bulk upload route answers for one file. */
export type BulkFileAnswer =
  | { ok: true; reportId: string }
  | { ok: false; reason: string; message: string; reportId?: string };

export type BulkFileState = "waiting" | "uploading" | "queued" | "refused";

export interface BulkFile {
  key: string;
  name: string;
  size: number;
  state: BulkFileState;
  message: string | null;
  /** The new report (queued), or the earlier one for a duplicate. */
  reportId: string | null;
}

/** Reasons after which sending more files is pointless: every later file would be refused too. */
const STOPS_THE_QUEUE = new Set(["plan-limit-reached", "payment-issue"]);

export const MAX_BULK_FILES = 50;

export function addFiles(
  queue: BulkFile[],
  files: { key: string; name: string; size: number }[],
  maxBytes: number,
  tooLarge: string,
): BulkFile[] {
  const room = Math.max(0, MAX_BULK_FILES - queue.length);
  const added = files.map<BulkFile>((file, i) => {
    const refusal =
      i >= room
        ? `Not sent: one batch takes up to ${MAX_BULK_FILES} files. Upload it in the next batch.`
        : file.size > maxBytes
          ? tooLarge
          : null;
    return {
      key: file.key,
      name: file.name,
      size: file.size,
      state: refusal ? "refused" : "waiting",
      message: refusal,
      reportId: null,
    };
  });
  return [...queue, ...added];
}

export function nextWaiting(queue: BulkFile[]): BulkFile | null {
  if (queue.some((f) => f.state === "uploading")) return null;
  return queue.find((f) => f.state === "waiting") ?? null;
}

export function markUploading(queue: BulkFile[], key: string): BulkFile[] {
  return queue.map((f) => (f.key === key ? { ...f, state: "uploading" } : f));
}

/** Records the server's answer; a plan or payment refusal stops the files still waiting. */
export function applyAnswer(queue: BulkFile[], key: string, answer: BulkFileAnswer): BulkFile[] {
  const stops = !answer.ok && STOPS_THE_QUEUE.has(answer.reason);
  return queue.map((f) => {
    if (f.key === key) {
      return answer.ok
        ? { ...f, state: "queued", message: null, reportId: answer.reportId }
        : { ...f, state: "refused", message: answer.message, reportId: answer.reportId ?? null };
    }
    if (stops && f.state === "waiting") {
      return { ...f, state: "refused", message: `Not sent. ${answer.message}` };
    }
    return f;
  });
}

/** Files done (queued or refused) out of all, for the progress bar. */
export function progressOf(queue: BulkFile[]): { done: number; total: number; percent: number } {
  const done = queue.filter((f) => f.state === "queued" || f.state === "refused").length;
  const total = queue.length;
  return { done, total, percent: total === 0 ? 0 : Math.round((100 * done) / total) };
}

/** A network failure or a non-JSON answer (a sign-in redirect, an outage) in the merchant's words. */
export function answerFromFailure(status: number | null): BulkFileAnswer {
  return {
    ok: false,
    reason: "network",
    message:
      status === null
        ? "The file could not be sent. Check your connection and drop it again."
        : `The upload failed (HTTP ${status}). Drop the file again; if it keeps failing, contact support.`,
  };
}
