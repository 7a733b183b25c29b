import { z } from "zod";
import type { ActivityFilter } from "~/models/activity.server";

const optionalText = z
  .string()
  .trim()
  .max(200)
  .optional()
  .transform((value) => value || undefined);
const optionalDate = z
  .string()
  .optional()
  .transform((value, ctx) => {
    if (!value) return undefined;
    const date = new Date(value);
    if (Number.isNaN(date.getTime())) {
      ctx.addIssue({ code: "custom", message: "not a date" });
      return z.NEVER;
    }
    return date;
  });

const filterSchema = z.object({
  shop: optionalText,
  action: optionalText,
  cursor: optionalText,
  since: optionalDate,
  until: optionalDate,
});

/** The console's filters from a query string: ?shop=&action=(prefix)&since=&until=&cursor= */
export function activityFilterFromUrl(url: URL): ActivityFilter {
  const parsed = filterSchema.safeParse(Object.fromEntries(url.searchParams));
  if (!parsed.success) throw new Response("Invalid filter", { status: 400 });
  const { action, ...rest } = parsed.data;
  return { ...rest, ...(action ? { actionPrefix: action } : {}) };
}
