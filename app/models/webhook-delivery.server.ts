import { Prisma } from "@prisma/client";
import type { Db } from "~/db.server";

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

export async function isDeliveryRecorded(db: Db, eventId: string): Promise<boolean> {
  return (await db.webhookDelivery.findUnique({ where: { eventId } })) !== null;
}
