import { randomUUID } from "node:crypto";
import { Prisma, type PrismaClient } from "@prisma/client";
import type { Db } from "~/db.server";
import { activityRow, type NewActivity } from "./activity.server";

/**
 * Records a webhook delivery by Shopify's X-Shopify-Event-Id. True the first time; false for a
 * duplicate. Race-safe: two concurrent deliveries both try to insert, the unique key lets one win.
 */
export async function recordDeliveryOnce(
  db: Db,
  eventId: string,
  topic: string,
  shop: string,
  now = new Date(),
): Promise<boolean> {
  try {
    await db.webhookDelivery.create({ data: { eventId, topic, shop, receivedAt: now } });
    return true;
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")
      return false;
    throw error;
  }
}

/**
 * Records a delivery and its activity entry together: the delivery's unique event id lets the first
 * delivery write both, and a redelivery, concurrent or later, nothing. True the first time. Both
 * rows carry `now`.
 *
 * On SQLite, one batch (one transaction, no interactive round trips). On PostgreSQL, where a
 * transaction holds a pooled connection for four round trips, one statement: the activity row is
 * inserted from what the delivery's insert returned, so a redelivery (ON CONFLICT DO NOTHING)
 * inserts neither (a third less CPU a webhook under load, docs/decisions/021).
 */
export async function recordDeliveryWithActivity(
  db: PrismaClient,
  delivery: { eventId: string; topic: string; shop: string },
  activity: NewActivity,
  now = new Date(),
): Promise<boolean> {
  if ((db as unknown as { _activeProvider?: string })._activeProvider === "postgresql") {
    const row = activityRow(activity);
    // Prisma keeps DateTime as UTC in `timestamp(3)` columns; a cast of the ISO text keeps it so.
    const received = now.toISOString();
    const at = (activity.at ?? now).toISOString();
    const inserted = await db.$executeRaw`
    WITH delivery AS (
      INSERT INTO "WebhookDelivery" ("id", "eventId", "topic", "shop", "receivedAt")
      VALUES (${randomUUID()}, ${delivery.eventId}, ${delivery.topic}, ${delivery.shop}, ${received}::timestamp(3))
      ON CONFLICT ("eventId") DO NOTHING
      RETURNING 1
    )
    INSERT INTO "ActivityLog" ("id", "shop", "actor", "action", "target", "details", "at")
    SELECT ${randomUUID()}, ${row.shop}, ${row.actor}, ${row.action}, ${row.target}, ${row.details}, ${at}::timestamp(3)
    FROM delivery`;
    return inserted === 1;
  }
  try {
    // createMany: plain INSERTs, no row read back.
    await db.$transaction([
      db.webhookDelivery.createMany({ data: [{ ...delivery, receivedAt: now }] }),
      db.activityLog.createMany({ data: [{ ...activityRow(activity), at: activity.at ?? now }] }),
    ]);
    return true;
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")
      return false;
    throw error;
  }
}

export async function isDeliveryRecorded(db: Db, eventId: string): Promise<boolean> {
  return (await db.webhookDelivery.findUnique({ where: { eventId } })) !== null;
}
