import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useLoaderData, useSearchParams } from "@remix-run/react";
import { Button, Card, DataTable, InlineStack, Page, TextField } from "@shopify/polaris";
import { useState } from "react";
import { opsConsole } from "~/composition/ops-console.server";
import { activityFilterFromUrl } from "~/ops/filters.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  await opsConsole.requireOperator(request);
  const filter = activityFilterFromUrl(new URL(request.url));
  const page = await opsConsole.listActivity({ ...filter, take: 100 });
  return json(page);
};

export default function OpsActivity() {
  const { items, nextCursor } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const [shop, setShop] = useState(params.get("shop") ?? "");
  const [action, setAction] = useState(params.get("action") ?? "");
  const next = new URLSearchParams(params);
  if (nextCursor) next.set("cursor", nextCursor);
  return (
    <Page title="Activity" fullWidth>
      <Card>
        <Form method="get">
          <InlineStack gap="300" blockAlign="end">
            <TextField
              label="Shop"
              name="shop"
              value={shop}
              onChange={setShop}
              autoComplete="off"
            />
            <TextField
              label="Action starts with"
              name="action"
              value={action}
              onChange={setAction}
              autoComplete="off"
            />
            <Button submit>Filter</Button>
          </InlineStack>
        </Form>
        <DataTable
          columnContentTypes={["text", "text", "text", "text", "text", "text"]}
          headings={["When", "Shop", "Actor", "Action", "Target", "Details"]}
          rows={items.map((row) => [
            new Date(row.at).toLocaleString("en-US"),
            row.shop,
            row.actor,
            row.action,
            row.target ?? "",
            row.details,
          ])}
        />
        {nextCursor ? <a href={`/ops/activity?${next.toString()}`}>Older entries</a> : null}
      </Card>
    </Page>
  );
}
