import type { Prisma, PrismaClient } from "@prisma/client";

/** Runs `work` in one interactive transaction: its model calls commit together or not at all. */
export function inTransaction<T>(
  db: PrismaClient,
  work: (tx: Prisma.TransactionClient) => Promise<T>,
): Promise<T> {
  return db.$transaction(work);
}
