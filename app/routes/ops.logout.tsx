import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { signOutOperator } from "~/ops/auth.server";

export const action = async ({ request }: ActionFunctionArgs) =>
  redirect("/ops/login", { headers: await signOutOperator(request) });

export const loader = () => redirect("/ops");
