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
 * Records a delivery and its activity entry in one batch (one transaction, no interactive
 * round trips): the delivery's unique event id lets the first delivery write both, and a
 * redelivery, concurrent or later, nothing. True the first time. Both rows carry `now`.
 */
export async function recordDeliveryWithActivity(
  db: PrismaClient,
  delivery: { eventId: string; topic: string; shop: string },
  activity: NewActivity,
  now = new Date(),
): Promise<boolean> {
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
