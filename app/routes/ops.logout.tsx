import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { opsConsole } from "~/composition/ops-console.server";

export const action = async ({ request }: ActionFunctionArgs) =>
  redirect("/ops/login", { headers: await opsConsole.signOutOperator(request) });

export const loader = () => redirect("/ops");
