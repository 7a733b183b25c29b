import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
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
import { NewPasswordFields } from "~/components/NewPasswordFields";

export const links = () => [{ rel: "stylesheet", href: polarisStyles }];

const resetForm = z.object({
  token: z.string().trim().min(1).max(200),
  newPassword: z.string().max(1024),
  confirmPassword: z.string().max(1024),
});

export const action = async ({ request }: ActionFunctionArgs) => {
  const parsed = resetForm.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) {
    return json({ ok: false, message: "Enter the reset token and the new password twice." }, 400);
  }
  // The token travels in the form body, never in a URL (access logs, history, referrers).
  const result = await opsConsole.resetPasswordWithToken(parsed.data);
  return json(result, result.ok ? 200 : 400);
};

export default function OpsReset() {
  const result = useActionData<typeof action>();
  const submitting = useNavigation().state === "submitting";
  const [token, setToken] = useState("");
  return (
    <AppProvider i18n={polarisTranslations}>
      <Page narrowWidth>
        <Card>
          <Form method="post">
            <FormLayout>
              <Text as="h1" variant="headingLg">
                Set a new operator password
              </Text>
              {result ? (
                <Banner tone={result.ok ? "success" : "critical"}>
                  {result.message} {result.ok ? <Link to="/ops/login">Sign in</Link> : null}
                </Banner>
              ) : null}
              <TextField
                label="Reset token"
                name="token"
                autoComplete="off"
                value={token}
                onChange={setToken}
              />
              <NewPasswordFields />
              <Button submit variant="primary" loading={submitting}>
                Set password
              </Button>
            </FormLayout>
          </Form>
        </Card>
      </Page>
    </AppProvider>
  );
}
