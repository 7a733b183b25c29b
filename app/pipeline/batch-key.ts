/**
 * A batch number as printed ("CP-0425-B") and the key the shopper's lookup page finds it by: trimmed,
 * with ASCII letters in lower case, so "cp-0425-b" typed on a phone finds it. Only ASCII is folded
 * because the database backfill (SQL `lower`) folds only ASCII on SQLite; both must agree.
 */
export function printedBatch(batch: string | null | undefined): string | null {
  const trimmed = batch?.trim();
  return trimmed ? trimmed : null;
}

export function batchKey(batch: string | null | undefined): string | null {
  const printed = printedBatch(batch);
  return printed ? printed.replace(/[A-Z]/g, (c) => c.toLowerCase()) : null;
}
