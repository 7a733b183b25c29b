import { useEffect, useState } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Button,
  Card,
  Checkbox,
  FormLayout,
  InlineStack,
  Layout,
  Page,
  Select,
  TextField,
} from "@shopify/polaris";
import { useAppBridge } from "@shopify/app-bridge-react";
import { merchantPages } from "~/composition/merchant-pages.server";
import { authenticate } from "~/shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return json(await merchantPages.readSettings(session.shop));
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const result = await merchantPages.saveSettings(
    session.shop,
    Object.fromEntries(await request.formData()),
  );
  return json(result, result.ok ? 200 : 400);
};

const TONES = [
  { label: "Friendly", value: "friendly" },
  { label: "Clinical", value: "clinical" },
  { label: "Premium", value: "premium" },
];
const LENGTHS = [
  { label: "Short", value: "short" },
  { label: "Standard", value: "standard" },
  { label: "Long", value: "long" },
];

export default function Settings() {
  const saved = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const shopify = useAppBridge();
  const [brandVoice, setBrandVoice] = useState(saved.brandVoice);
  const [tone, setTone] = useState<string>(saved.tone);
  const [length, setLength] = useState<string>(saved.length);
  const [phrases, setPhrases] = useState(saved.forbiddenPhrases.join("\n"));
  const [autoPublish, setAutoPublish] = useState(saved.autoPublish);
  const [region, setRegion] = useState(saved.complianceRegion);
  const errors = result && !result.ok ? result.fieldErrors : {};

  useEffect(() => {
    if (result?.ok) shopify.toast.show("Settings saved");
  }, [result, shopify]);

  return (
    <Page
      title="Settings"
      backAction={{ content: "Home", url: "/app" }}
      secondaryActions={[{ content: "API access", url: "/app/settings/api" }]}
    >
      <Layout>
        <Layout.AnnotatedSection
          title="Description writing"
          description="How descriptions sound. Numbers, disclosures and the ban on health claims are never affected."
        >
          <Form method="post" id="settings">
            <Card>
              <BlockStack gap="400">
                {errors.form ? (
                  <Banner tone="critical" title="Settings were not saved">
                    <p>{errors.form}</p>
                  </Banner>
                ) : null}
                <FormLayout>
                  <TextField
                    label="Brand voice"
                    name="brandVoice"
                    value={brandVoice}
                    onChange={setBrandVoice}
                    multiline={3}
                    maxLength={1000}
                    autoComplete="off"
                    helpText="For example: laid-back, West Coast, no slang."
                    error={errors.brandVoice}
                  />
                  <FormLayout.Group>
                    <Select
                      label="Tone"
                      name="tone"
                      options={TONES}
                      value={tone}
                      onChange={setTone}
                    />
                    <Select
                      label="Length"
                      name="length"
                      options={LENGTHS}
                      value={length}
                      onChange={setLength}
                    />
                  </FormLayout.Group>
                  <TextField
                    label="Forbidden phrases"
                    name="forbiddenPhrases"
                    value={phrases}
                    onChange={setPhrases}
                    multiline={4}
                    autoComplete="off"
                    helpText="One per line. Never used in your descriptions."
                    error={errors.forbiddenPhrases}
                  />
                  <TextField
                    label="Compliance region"
                    name="complianceRegion"
                    value={region}
                    onChange={setRegion}
                    autoComplete="off"
                    helpText="Where you sell, e.g. US-CA. Decides region-specific disclosures."
                    error={errors.complianceRegion}
                  />
                  <Checkbox
                    label="Publish automatically when nothing needs my review"
                    helpText="Descriptions for COAs with warnings or unsure values always wait for you."
                    checked={autoPublish}
                    onChange={setAutoPublish}
                  />
                  <input type="hidden" name="autoPublish" value={autoPublish ? "on" : "off"} />
                </FormLayout>
                <InlineStack align="end">
                  <Button submit variant="primary" loading={navigation.state === "submitting"}>
                    Save
                  </Button>
                </InlineStack>
              </BlockStack>
            </Card>
          </Form>
        </Layout.AnnotatedSection>
      </Layout>
    </Page>
  );
}
