/**
 * The bulk upload queue's state, file by file, kept apart from React so its rules are tested: files
 * go one request at a time; a file the server refuses says why; once the plan's allowance is spent
 * the files not sent yet are not sent, with that reason; a file the server asks to send later
 * (`slow-down`: the shop's files arrive faster than they are taken in) waits that long, with the
 * files behind it, and is sent again.
 */

/** What the bulk upload route answers for one file. */
export type BulkFileAnswer =
  | { ok: true; reportId: string }
  | { ok: false; reason: string; message: string; reportId?: string; retryAfterSeconds?: number };

export type BulkFileState = "waiting" | "uploading" | "queued" | "refused";

export interface BulkFile {
  key: string;
  name: string;
  size: number;
  state: BulkFileState;
  message: string | null;
  /** The new report (queued), or the earlier one for a duplicate. */
  reportId: string | null;
  /** A waiting file the server asked to send later: not before this time (ms since the epoch). */
  notBefore?: number;
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

/** The file to send now: none while one is being sent or the server asked the queue to wait. */
export function nextWaiting(queue: BulkFile[], now = Date.now()): BulkFile | null {
  if (queue.some((f) => f.state === "uploading")) return null;
  if (pausedUntil(queue, now) !== null) return null;
  return queue.find((f) => f.state === "waiting") ?? null;
}

/** Until when the queue waits at the server's request (ms since the epoch), or null. */
export function pausedUntil(queue: BulkFile[], now = Date.now()): number | null {
  const until = Math.max(
    0,
    ...queue.map((f) => (f.state === "waiting" && f.notBefore ? f.notBefore : 0)),
  );
  return until > now ? until : null;
}

export function markUploading(queue: BulkFile[], key: string): BulkFile[] {
  return queue.map((f) => (f.key === key ? { ...f, state: "uploading" } : f));
}

/**
 * Records the server's answer: a plan or payment refusal stops the files still waiting; a request to
 * send later puts the file back in line, first, until then.
 */
export function applyAnswer(
  queue: BulkFile[],
  key: string,
  answer: BulkFileAnswer,
  now = Date.now(),
): BulkFile[] {
  const stops = !answer.ok && STOPS_THE_QUEUE.has(answer.reason);
  const later = !answer.ok && answer.reason === "slow-down" ? answer.retryAfterSeconds : undefined;
  return queue.map((f) => {
    if (f.key === key && later !== undefined) {
      const notBefore = now + Math.max(1, later) * 1000;
      const message = `Waiting its turn: sent again in ${Math.max(1, later)} s, once the app has taken in your earlier files.`;
      return { ...f, state: "waiting", message, notBefore };
    }
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
