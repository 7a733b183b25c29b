import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { merchantQrCodes } from "~/composition/merchant-qr-codes.server";
import { authenticate } from "~/shopify.server";

const query = z.object({ format: z.enum(["svg", "png"]).catch("svg") });

// The report's QR code (SVG or PNG) opening its batch's lookup page on the shop's domain.
export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  const { format } = query.parse(Object.fromEntries(new URL(request.url).searchParams));
  const qr = await merchantQrCodes.reportQrCode(
    admin.graphql,
    session.shop,
    params.id ?? "",
    format,
  );
  if (!qr.ok) {
    const message =
      qr.reason === "no-batch"
        ? "This COA prints no batch number, so there is no lookup page to point a QR code at."
        : "Not found";
    return new Response(message, { status: qr.reason === "no-batch" ? 409 : 404 });
  }
  return new Response(typeof qr.body === "string" ? qr.body : Buffer.from(qr.body), {
    headers: {
      "Content-Type": qr.contentType,
      "Content-Disposition": `attachment; filename="${qr.fileName}"`,
      "X-Lookup-Url": qr.url,
      "Cache-Control": "private, no-store",
    },
  });
};
