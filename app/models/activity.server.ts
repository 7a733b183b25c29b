import type { ActivityLog } from "@prisma/client";
import type { Db } from "~/db.server";
import { z } from "zod";
import { readJson } from "./json-column.server";

export type NewActivity = {
  shop: string;
  /** "merchant", "system", "shopify", or "operator:<email>". */
  actor: string;
  /** Dotted verb phrase, e.g. "lab-report.published", "webhook.shop-redact". */
  action: string;
  target?: string | null;
  details?: Record<string, unknown>;
  at?: Date;
};

export function recordActivity(db: Db, entry: NewActivity): Promise<ActivityLog> {
  return db.activityLog.create({ data: activityRow(entry) });
}

/** The row an entry is stored as (for writes batched with others). */
export function activityRow(entry: NewActivity) {
  return {
    shop: entry.shop,
    actor: entry.actor,
    action: entry.action,
    target: entry.target ?? null,
    details: JSON.stringify(entry.details ?? {}),
    ...(entry.at ? { at: entry.at } : {}),
  };
}

export function activityDetails(entry: Pick<ActivityLog, "details">): Record<string, unknown> {
  return readJson(entry.details, z.record(z.string(), z.unknown()), {});
}

export type ActivityPage = { items: ActivityLog[]; nextCursor: string | null };

type PageOptions = { take?: number; cursor?: string | null };

async function page(
  db: Db,
  where: NonNullable<Parameters<Db["activityLog"]["findMany"]>[0]>["where"],
  { take = 50, cursor }: PageOptions,
): Promise<ActivityPage> {
  const rows = await db.activityLog.findMany({
    where,
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: take + 1,
    ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
  });
  const items = rows.slice(0, take);
  return { items, nextCursor: rows.length > take ? (items.at(-1)?.id ?? null) : null };
}

/** One shop's activity, newest first (served by the (shop, at) index). */
export function listActivityForShop(db: Db, shop: string, options: PageOptions = {}) {
  return page(db, { shop }, options);
}

export type ActivityFilter = PageOptions & {
  shop?: string;
  action?: string;
  /** Actions starting with this, e.g. "webhook." */
  actionPrefix?: string;
  since?: Date;
  until?: Date;
};

/** Across all shops, for the operator console. */
export function listActivity(db: Db, filter: ActivityFilter = {}) {
  const { shop, action, actionPrefix, since, until, ...options } = filter;
  return page(
    db,
    {
      ...(shop ? { shop } : {}),
      ...(action ? { action } : actionPrefix ? { action: { startsWith: actionPrefix } } : {}),
      ...(since || until
        ? { at: { ...(since ? { gte: since } : {}), ...(until ? { lt: until } : {}) } }
        : {}),
    },
    options,
  );
}

/** How many entries of one action on one target the shop's log holds (since `since`, if given). */
export function countActivity(
  db: Db,
  filter: { shop: string; action: string; target: string; since?: Date },
): Promise<number> {
  return db.activityLog.count({
    where: {
      shop: filter.shop,
      action: filter.action,
      target: filter.target,
      ...(filter.since ? { at: { gte: filter.since } } : {}),
    },
  });
}

/**
 * The report's current pipeline attempt: 1 for the upload, one more for each merchant Retry (the
 * attempt is part of the run's idempotency key and of the event's id).
 */
export async function currentLabReportAttempt(
  db: Db,
  shop: string,
  reportId: string,
): Promise<number> {
  return 1 + (await countActivity(db, { shop, action: "lab-report.retried", target: reportId }));
}

/** Which of these actions the shop has ever recorded (setup steps, for instance). */
export async function recordedActions(
  db: Db,
  shop: string,
  actions: string[],
): Promise<Set<string>> {
  const rows = await db.activityLog.findMany({
    where: { shop, action: { in: actions } },
    select: { action: true },
    distinct: ["action"],
  });
  return new Set(rows.map((row) => row.action));
}

/**
 * The newest entry's details per target for one action of the shop: e.g. the freshness last
 * recorded for each lab report. Entries of one action and shop are few (one per change).
 */
export async function latestDetailsByTarget(
  db: Db,
  shop: string,
  action: string,
): Promise<Map<string, Record<string, unknown>>> {
  const rows = await db.activityLog.findMany({
    where: { shop, action, target: { not: null } },
    orderBy: [{ at: "asc" }, { id: "asc" }],
    select: { target: true, details: true },
  });
  const latest = new Map<string, Record<string, unknown>>();
  for (const row of rows) if (row.target) latest.set(row.target, activityDetails(row));
  return latest;
}

/** The shops whose log holds this action at least once (e.g. a migration recorded as done). */
export async function shopsWithAction(db: Db, action: string): Promise<Set<string>> {
  const rows = await db.activityLog.findMany({
    where: { action },
    select: { shop: true },
    distinct: ["shop"],
  });
  return new Set(rows.map((row) => row.shop));
}

/** The details of the newest entry of one action on one target, or null when there is none. */
export async function latestDetailsFor(
  db: Db,
  filter: { shop: string; action: string; target: string },
): Promise<Record<string, unknown> | null> {
  const row = await db.activityLog.findFirst({
    where: filter,
    orderBy: [{ at: "desc" }, { id: "desc" }],
    select: { details: true },
  });
  return row ? activityDetails(row) : null;
}
