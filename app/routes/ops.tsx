import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, Outlet, useLoaderData } from "@remix-run/react";
import { AppProvider, Box, Button, InlineStack, Text } from "@shopify/polaris";
import polarisTranslations from "@shopify/polaris/locales/en.json";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import { opsConsole } from "~/composition/ops-console.server";

export const links = () => [{ rel: "stylesheet", href: polarisStyles }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { operator } = await opsConsole.requireOperator(request);
  return json({ email: operator.email, role: operator.role });
};

export default function OpsLayout() {
  const { email, role } = useLoaderData<typeof loader>();
  return (
    <AppProvider i18n={polarisTranslations}>
      <Box padding="400" background="bg-surface" borderBlockEndWidth="025" borderColor="border">
        <InlineStack align="space-between" blockAlign="center">
          <InlineStack gap="400" blockAlign="center">
            <Text as="span" variant="headingMd">
              Heady Lab Results · Operator console
            </Text>
            <Link to="/ops">Overview</Link>
            <Link to="/ops/activity">Activity</Link>
            <a href="/ops/reports.csv">Lab reports (CSV)</a>
            <a href="/ops/activity.csv">Activity (CSV)</a>
            {role === "admin" ? <Link to="/ops/operators">Operators</Link> : null}
          </InlineStack>
          <Form method="post" action="/ops/logout">
            <InlineStack gap="200" blockAlign="center">
              <Link to="/ops/account">{`${email} (${role})`}</Link>
              <Button submit variant="plain">
                Sign out
              </Button>
            </InlineStack>
          </Form>
        </InlineStack>
      </Box>
      <Outlet />
    </AppProvider>
  );
}
