import type { LoaderFunctionArgs } from "@remix-run/node";
import { storefrontLookup } from "~/composition/storefront.server";

// The shop's /apps/lab/<batch> (app proxy): that batch's published lab results.
export const loader = async ({ request, params }: LoaderFunctionArgs) =>
  storefrontLookup.batch(request, params.batch ?? "");
