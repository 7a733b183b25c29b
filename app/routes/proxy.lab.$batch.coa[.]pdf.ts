import type { LoaderFunctionArgs } from "@remix-run/node";
import { storefrontLookup } from "~/composition/storefront.server";

// The shop's /apps/lab/<batch>/coa.pdf (app proxy): the batch's certificate as published.
export const loader = async ({ request, params }: LoaderFunctionArgs) =>
  storefrontLookup.batchFile(request, params.batch ?? "");
