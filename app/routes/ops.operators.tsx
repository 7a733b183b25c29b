import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Button,
  Card,
  DataTable,
  FormLayout,
  InlineStack,
  Page,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { useState } from "react";
import { opsConsole } from "~/composition/ops-console.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { operator: me } = await opsConsole.requireAdmin(request);
  const operators = await opsConsole.listOperators();
  return json({
    me: me.email,
    operators: operators.map((operator) => ({
      email: operator.email,
      role: operator.role,
      disabled: operator.disabledAt !== null,
      lastLoginAt: operator.lastLoginAt?.toISOString() ?? null,
    })),
  });
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const admin = await opsConsole.requireAdmin(request);
  const result = await opsConsole.manageOperator(
    admin,
    Object.fromEntries(await request.formData()),
  );
  return json(result, result.ok ? 200 : 400);
};

const ROLES = [
  { label: "Support (reads, downloads CSVs)", value: "support" },
  { label: "Admin (also manages operators)", value: "admin" },
];

function RowActions({ email, role, disabled }: { email: string; role: string; disabled: boolean }) {
  return (
    <InlineStack gap="200">
      <Form method="post">
        <input type="hidden" name="email" value={email} />
        <input type="hidden" name="intent" value="set-role" />
        <input type="hidden" name="role" value={role === "admin" ? "support" : "admin"} />
        <Button submit size="slim">
          {role === "admin" ? "Make support" : "Make admin"}
        </Button>
      </Form>
      <Form method="post">
        <input type="hidden" name="email" value={email} />
        <input type="hidden" name="intent" value={disabled ? "enable" : "disable"} />
        <Button submit size="slim" tone={disabled ? undefined : "critical"}>
          {disabled ? "Enable" : "Disable"}
        </Button>
      </Form>
      <Form method="post">
        <input type="hidden" name="email" value={email} />
        <input type="hidden" name="intent" value="issue-reset" />
        <Button submit size="slim">
          Issue reset token
        </Button>
      </Form>
    </InlineStack>
  );
}

export default function OpsOperators() {
  const { operators } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const submitting = useNavigation().state === "submitting";
  const [email, setEmail] = useState("");
  const [role, setRole] = useState("support");
  return (
    <Page title="Operators" fullWidth>
      <BlockStack gap="400">
        {result ? (
          <Banner tone={result.ok ? "success" : "critical"}>
            <BlockStack gap="200">
              <Text as="p">{result.message}</Text>
              {result.ok && result.resetToken ? (
                <Text as="p">
                  Reset token (shown once, valid until {result.resetToken.expiresAt}):{" "}
                  <code>{result.resetToken.token}</code> — to be entered at /ops/reset.
                </Text>
              ) : null}
            </BlockStack>
          </Banner>
        ) : null}
        <Card>
          <DataTable
            columnContentTypes={["text", "text", "text", "text", "text"]}
            headings={["Email", "Role", "State", "Last sign-in", ""]}
            rows={operators.map((operator) => [
              operator.email,
              operator.role,
              operator.disabled ? <Badge tone="critical">Disabled</Badge> : <Badge>Enabled</Badge>,
              operator.lastLoginAt ?? "never",
              <RowActions key={operator.email} {...operator} />,
            ])}
          />
        </Card>
        <Card>
          <Form method="post">
            <input type="hidden" name="intent" value="create" />
            <FormLayout>
              <Text as="h2" variant="headingMd">
                Add an operator
              </Text>
              <FormLayout.Group>
                <TextField
                  label="Email"
                  name="email"
                  type="email"
                  autoComplete="off"
                  value={email}
                  onChange={setEmail}
                />
                <Select label="Role" name="role" options={ROLES} value={role} onChange={setRole} />
              </FormLayout.Group>
              <Text as="p" tone="subdued">
                The new operator sets a password with a reset token shown once after adding.
              </Text>
              <Button submit variant="primary" loading={submitting}>
                Add operator
              </Button>
            </FormLayout>
          </Form>
        </Card>
      </BlockStack>
    </Page>
  );
}
