import type { LoaderFunctionArgs } from "@remix-run/node";
import { metricsResponse } from "~/composition/service-endpoints.server";

// Prometheus scrapes this with `Authorization: Bearer <METRICS_TOKEN>`.
export const loader = ({ request }: LoaderFunctionArgs) => metricsResponse(request);
