import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, FormLayout, Page, TextField } from "@shopify/polaris";
import { useState } from "react";
import { z } from "zod";
import { opsConsole } from "~/composition/ops-console.server";
import { NewPasswordFields } from "~/components/NewPasswordFields";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { operator } = await opsConsole.requireOperator(request);
  return json({ email: operator.email, role: operator.role });
};

const passwordForm = z.object({
  currentPassword: z.string().min(1).max(1024),
  newPassword: z.string().max(1024),
  confirmPassword: z.string().max(1024),
});

export const action = async ({ request }: ActionFunctionArgs) => {
  const signedIn = await opsConsole.requireOperator(request);
  const parsed = passwordForm.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) {
    return json({ ok: false, message: "Enter your current password and the new one twice." }, 400);
  }
  const result = await opsConsole.changeOwnPassword(signedIn, parsed.data);
  return json(result, result.ok ? 200 : 400);
};

export default function OpsAccount() {
  const { email, role } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const submitting = useNavigation().state === "submitting";
  const [current, setCurrent] = useState("");
  return (
    <Page title="Your account" subtitle={`${email} · ${role}`} narrowWidth>
      <Card>
        <Form method="post">
          <BlockStack gap="400">
            {result ? (
              <Banner tone={result.ok ? "success" : "critical"}>{result.message}</Banner>
            ) : null}
            <FormLayout>
              <TextField
                label="Current password"
                name="currentPassword"
                type="password"
                autoComplete="current-password"
                value={current}
                onChange={setCurrent}
              />
              <NewPasswordFields />
              <Button submit variant="primary" loading={submitting}>
                Change password
              </Button>
            </FormLayout>
          </BlockStack>
        </Form>
      </Card>
    </Page>
  );
}
