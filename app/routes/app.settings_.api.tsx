import { useEffect, useState } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  FormLayout,
  IndexTable,
  InlineStack,
  Layout,
  Page,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { useAppBridge } from "@shopify/app-bridge-react";
import { authenticate } from "~/shopify.server";
import { merchantPages } from "~/composition/merchant-pages.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return json({
    tokens: await merchantPages.listApiTokens(session.shop),
    apiBase: `${new URL(request.url).origin}/api/v1`,
  });
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const result = await merchantPages.changeApiTokens(
    session.shop,
    Object.fromEntries(await request.formData()),
  );
  return json(result, result.ok ? 200 : 400);
};

const SCOPES = [
  { label: "Read: list and read lab reports", value: "read" },
  { label: "Write: also upload COAs and approve descriptions", value: "write" },
];

function when(iso: string | null): string {
  return iso
    ? new Date(iso).toLocaleString("en-US", { dateStyle: "medium", timeStyle: "short" })
    : "Never";
}

export default function ApiAccess() {
  const { tokens, apiBase } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const shopify = useAppBridge();
  const [name, setName] = useState("");
  const [scope, setScope] = useState("read");
  const busy = navigation.state === "submitting";

  useEffect(() => {
    if (result?.ok && result.created) setName("");
  }, [result]);

  const created = result?.ok ? result.created : undefined;

  return (
    <Page
      title="API access"
      subtitle="Tokens for your other systems (ERP, POS, wholesale portal) to use the lab reports API"
      backAction={{ content: "Settings", url: "/app/settings" }}
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {created ? (
              <Banner tone="warning" title={`Copy the token for “${created.name}” now`}>
                <BlockStack gap="200">
                  <Text as="p">
                    It is shown only once. Store it in your other system's secrets.
                  </Text>
                  <Box padding="200" background="bg-surface-secondary" borderRadius="200">
                    <Text as="p" variant="bodyMd" fontWeight="semibold" breakWord>
                      <code>{created.token}</code>
                    </Text>
                  </Box>
                  <InlineStack>
                    <Button
                      onClick={() => {
                        void navigator.clipboard?.writeText(created.token);
                        shopify.toast.show("Token copied");
                      }}
                    >
                      Copy token
                    </Button>
                  </InlineStack>
                </BlockStack>
              </Banner>
            ) : null}
            {result && !result.ok ? (
              <Banner tone="critical" title="Nothing was changed">
                <p>{result.message}</p>
              </Banner>
            ) : null}
            {result?.ok && !created ? <Banner tone="success">{result.message}</Banner> : null}
            <Card padding="0">
              {tokens.length === 0 ? (
                <Box padding="400">
                  <BlockStack gap="100">
                    <Text as="h2" variant="headingMd">
                      No API tokens yet
                    </Text>
                    <Text as="p" tone="subdued">
                      Create a token below for each system that should read or upload COAs.
                    </Text>
                  </BlockStack>
                </Box>
              ) : (
                <IndexTable
                  resourceName={{ singular: "token", plural: "tokens" }}
                  itemCount={tokens.length}
                  selectable={false}
                  headings={[
                    { title: "Name" },
                    { title: "Token" },
                    { title: "Scope" },
                    { title: "Created" },
                    { title: "Last used" },
                    { title: "" },
                  ]}
                >
                  {tokens.map((token, index) => (
                    <IndexTable.Row id={token.id} key={token.id} position={index}>
                      <IndexTable.Cell>
                        <Text as="span" fontWeight="semibold">
                          {token.name}
                        </Text>
                      </IndexTable.Cell>
                      <IndexTable.Cell>
                        <code>{`${token.prefix}…`}</code>
                      </IndexTable.Cell>
                      <IndexTable.Cell>
                        <Badge tone={token.scope === "write" ? "attention" : "info"}>
                          {token.scope === "write" ? "Read and write" : "Read"}
                        </Badge>
                      </IndexTable.Cell>
                      <IndexTable.Cell>{when(token.createdAt)}</IndexTable.Cell>
                      <IndexTable.Cell>{when(token.lastUsedAt)}</IndexTable.Cell>
                      <IndexTable.Cell>
                        {token.revokedAt ? (
                          <Badge tone="critical">{`Revoked ${when(token.revokedAt)}`}</Badge>
                        ) : (
                          <Form method="post">
                            <input type="hidden" name="intent" value="revoke" />
                            <input type="hidden" name="id" value={token.id} />
                            <Button submit tone="critical" variant="plain" disabled={busy}>
                              Revoke
                            </Button>
                          </Form>
                        )}
                      </IndexTable.Cell>
                    </IndexTable.Row>
                  ))}
                </IndexTable>
              )}
            </Card>
            <Card>
              <Form method="post">
                <input type="hidden" name="intent" value="create" />
                <FormLayout>
                  <Text as="h2" variant="headingMd">
                    Create a token
                  </Text>
                  <FormLayout.Group>
                    <TextField
                      label="Name"
                      name="name"
                      value={name}
                      onChange={setName}
                      autoComplete="off"
                      maxLength={80}
                      helpText="The system that will use it, for example “Warehouse ERP”."
                    />
                    <Select
                      label="Scope"
                      name="scope"
                      options={SCOPES}
                      value={scope}
                      onChange={setScope}
                    />
                  </FormLayout.Group>
                  <InlineStack align="end">
                    <Button submit variant="primary" loading={busy} disabled={!name.trim()}>
                      Create token
                    </Button>
                  </InlineStack>
                </FormLayout>
              </Form>
            </Card>
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                Using the API
              </Text>
              <Text as="p">
                Send the token as <code>Authorization: Bearer &lt;token&gt;</code> to{" "}
                <code>{apiBase}</code>. The description of every endpoint is at{" "}
                <code>{`${apiBase}/openapi.json`}</code>.
              </Text>
              <Text as="p" tone="subdued">
                Every call appears in your activity log. Revoke a token as soon as a system no
                longer needs it.
              </Text>
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
