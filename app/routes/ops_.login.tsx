import type { ActionFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useNavigation } from "@remix-run/react";
import {
  AppProvider,
  Banner,
  Button,
  Card,
  FormLayout,
  Page,
  Text,
  TextField,
} from "@shopify/polaris";
import polarisTranslations from "@shopify/polaris/locales/en.json";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import { useState } from "react";
import { z } from "zod";
import { opsConsole } from "~/composition/ops-console.server";

export const links = () => [{ rel: "stylesheet", href: polarisStyles }];

const credentials = z.object({
  email: z.string().trim().min(3).max(254),
  password: z.string().min(1).max(1024),
});

export const action = async ({ request }: ActionFunctionArgs) => {
  const parsed = credentials.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return json({ error: "Enter your email and password." }, { status: 400 });
  const result = await opsConsole.signInOperator(request, parsed.data.email, parsed.data.password);
  if (!result.ok) return json({ error: result.message }, { status: 401 });
  return redirect("/ops", { headers: result.headers });
};

export default function OpsLogin() {
  const actionData = useActionData<typeof action>();
  const submitting = useNavigation().state === "submitting";
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  return (
    <AppProvider i18n={polarisTranslations}>
      <Page narrowWidth>
        <Card>
          <Form method="post">
            <FormLayout>
              <Text as="h1" variant="headingLg">
                Operator sign-in
              </Text>
              {actionData?.error ? <Banner tone="critical">{actionData.error}</Banner> : null}
              <TextField
                label="Email"
                name="email"
                type="email"
                autoComplete="username"
                value={email}
                onChange={setEmail}
              />
              <TextField
                label="Password"
                name="password"
                type="password"
                autoComplete="current-password"
                value={password}
                onChange={setPassword}
              />
              <Button submit variant="primary" loading={submitting}>
                Sign in
              </Button>
            </FormLayout>
          </Form>
        </Card>
      </Page>
    </AppProvider>
  );
}
