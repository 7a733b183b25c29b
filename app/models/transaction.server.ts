import type { Prisma, PrismaClient } from "@prisma/client";

/** How long a transaction may wait to start, and then run, in milliseconds (Prisma's defaults: 2 s, 5 s). */
export type TransactionTimes = { maxWait?: number; timeout?: number };

/** Runs `work` in one interactive transaction: its model calls commit together or not at all. */
export function inTransaction<T>(
  db: PrismaClient,
  work: (tx: Prisma.TransactionClient) => Promise<T>,
  times?: TransactionTimes,
): Promise<T> {
  return times ? db.$transaction(work, times) : db.$transaction(work);
}
