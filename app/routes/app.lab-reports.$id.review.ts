import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { z } from "zod";
import { reviewValueDeps } from "~/composition/merchant-actions.server";
import { recordReviewDecision } from "~/merchant/review-values.server";
import { authenticate } from "~/shopify.server";

const input = z.object({
  field: z.string().min(1).max(200),
  decision: z.enum(["confirm", "correct"]),
  value: z.string().max(500).optional(),
});

// "Values to check" on the report page: the merchant confirms or corrects one value.
export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const parsed = input.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return json({ ok: false, message: "That request was not understood." }, 400);
  const result = await recordReviewDecision(reviewValueDeps(), {
    shop: session.shop,
    reportId: params.id ?? "",
    ...parsed.data,
  });
  if (!result.ok && result.reason === "not-found") {
    throw new Response("This lab report does not exist.", { status: 404 });
  }
  if (result.ok) return json({ ok: true, field: result.item.field, message: result.message });
  const status = result.reason === "invalid-value" || result.reason === "nothing-to-confirm";
  return json(
    {
      ok: false,
      field: parsed.data.field,
      message: result.message,
      // Shown under the value's own input, where the merchant typed it.
      fieldError: status ? result.message : null,
    },
    status ? 422 : 409,
  );
};
