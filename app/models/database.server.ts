import type { PrismaClient } from "@prisma/client";

/**
 * The database handles the model functions take: `Database` is the app's Prisma client
 * (app/db.server.ts), `Db` that or one of its transactions. Code outside app/models passes them
 * along and never queries them.
 */
export type { Db } from "~/db.server";
export type Database = PrismaClient;
export { inTransaction } from "./transaction.server";
