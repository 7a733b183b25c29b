import type { LoaderFunctionArgs } from "@remix-run/node";
import { storefrontLookup } from "~/composition/storefront.server";

// The shop's /apps/lab (app proxy): the batch search, or a batch when the form sent ?batch=.
export const loader = async ({ request }: LoaderFunctionArgs) => storefrontLookup.search(request);
