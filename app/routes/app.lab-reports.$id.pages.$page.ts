import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { merchantPages } from "~/composition/merchant-pages.server";
import { pageBoxSchema } from "~/pipeline/review-items";
import { authenticate } from "~/shopify.server";

const input = z.object({
  page: z.coerce.number().int().min(1).max(1_000),
  // "x,y,width,height" as fractions of the page; none: the whole page.
  box: z
    .string()
    .regex(/^[0-9.]{1,24}(,[0-9.]{1,24}){3}$/)
    .transform((text) => {
      const [x, y, width, height] = text.split(",").map(Number);
      return { x, y, width, height };
    })
    .pipe(pageBoxSchema)
    .optional(),
});

// A page of the report as painted for OCR (or the part around a reading), for "Values to check".
export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const parsed = input.safeParse({
    page: params.page,
    box: new URL(request.url).searchParams.get("box") ?? undefined,
  });
  if (!parsed.success) return new Response("Not found", { status: 404 });
  const { page, box } = parsed.data;
  const image = await merchantPages.reviewPageImage(
    session.shop,
    params.id ?? "",
    page,
    box ?? null,
  );
  if (!image.ok) return new Response("Not found", { status: 404 });
  return new Response(Buffer.from(image.png), {
    headers: {
      "Content-Type": "image/png",
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
};
