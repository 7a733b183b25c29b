import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { merchantQrCodes } from "~/composition/merchant-qr-codes.server";
import { authenticate } from "~/shopify.server";

const ids = z.array(z.string().min(1).max(64)).max(200);

// A printable sheet of QR labels for the chosen reports (?id=…&id=…) or the latest batches.
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  const chosen = ids.catch([]).parse(new URL(request.url).searchParams.getAll("id"));
  const html = await merchantQrCodes.labelSheet(admin.graphql, session.shop, chosen);
  return new Response(html, {
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Content-Disposition": 'inline; filename="qr-labels.html"',
      "Cache-Control": "private, no-store",
    },
  });
};
