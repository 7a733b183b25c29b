import { useEffect, useState } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import type { MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
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
  Text,
  TextField,
} from "@shopify/polaris";
import { SaveBar, useAppBridge } from "@shopify/app-bridge-react";
import { merchantPages } from "~/composition/merchant-pages.server";
import { authenticate } from "~/shopify.server";
import { REGIONS } from "~/pipeline/regions";
import { pageTitle } from "~/components/page-title";
import { LENGTH_OPTIONS, TONE_OPTIONS } from "~/components/writer-options";
import { UnsavedChangesGuard } from "~/components/unsaved-changes";

export const meta: MetaFunction = () => [{ title: pageTitle("Settings") }];

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

export default function Settings() {
  const saved = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const submit = useSubmit();
  const shopify = useAppBridge();
  const [brandVoice, setBrandVoice] = useState(saved.brandVoice);
  const [tone, setTone] = useState<string>(saved.tone);
  const [length, setLength] = useState<string>(saved.length);
  const [phrases, setPhrases] = useState(saved.forbiddenPhrases.join("\n"));
  const [autoPublish, setAutoPublish] = useState(saved.autoPublish);
  const [region, setRegion] = useState(saved.complianceRegion);
  const [staleMonths, setStaleMonths] = useState(String(saved.staleAfterMonths));
  const [warnDays, setWarnDays] = useState(String(saved.staleWarnDays));
  const errors = result && !result.ok ? result.fieldErrors : {};
  const savedPhrases = saved.forbiddenPhrases.join("\n");
  const dirty =
    brandVoice !== saved.brandVoice ||
    tone !== saved.tone ||
    length !== saved.length ||
    phrases.trim() !== savedPhrases ||
    autoPublish !== saved.autoPublish ||
    region !== saved.complianceRegion ||
    staleMonths !== String(saved.staleAfterMonths) ||
    warnDays !== String(saved.staleWarnDays);

  // After a save the loader returns the stored values: the form starts from them again.
  useEffect(() => {
    setBrandVoice(saved.brandVoice);
    setTone(saved.tone);
    setLength(saved.length);
    setPhrases(saved.forbiddenPhrases.join("\n"));
    setAutoPublish(saved.autoPublish);
    setRegion(saved.complianceRegion);
    setStaleMonths(String(saved.staleAfterMonths));
    setWarnDays(String(saved.staleWarnDays));
  }, [saved]);

  useEffect(() => {
    if (result?.ok) shopify.toast.show("Settings saved");
    else if (result) shopify.toast.show("Settings were not saved", { isError: true });
  }, [result, shopify]);

  function discard() {
    setBrandVoice(saved.brandVoice);
    setTone(saved.tone);
    setLength(saved.length);
    setPhrases(savedPhrases);
    setAutoPublish(saved.autoPublish);
    setRegion(saved.complianceRegion);
    setStaleMonths(String(saved.staleAfterMonths));
    setWarnDays(String(saved.staleWarnDays));
  }

  const form = () => {
    const element = document.getElementById("settings");
    if (element instanceof HTMLFormElement) submit(element);
  };
  const regionOptions = [
    ...(REGIONS.some((r) => r.code === region) ? [] : [{ label: region, value: region }]),
    ...REGIONS.map((r) => ({ label: r.name, value: r.code })),
  ];

  return (
    <Page
      title="Settings"
      backAction={{ content: "Home", url: "/app" }}
      secondaryActions={[{ content: "API access", url: "/app/settings/api" }]}
    >
      <SaveBar id="settings-save-bar" open={dirty}>
        <button variant="primary" onClick={form} disabled={navigation.state !== "idle"}>
          Save
        </button>
        <button onClick={discard}>Discard</button>
      </SaveBar>
      <UnsavedChangesGuard dirty={dirty && navigation.state === "idle"} />
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
                      options={TONE_OPTIONS}
                      value={tone}
                      onChange={setTone}
                    />
                    <Select
                      label="Length"
                      name="length"
                      options={LENGTH_OPTIONS}
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
                  <Select
                    label="Where you sell"
                    name="complianceRegion"
                    options={regionOptions}
                    value={region}
                    onChange={setRegion}
                    helpText="Decides the disclosures your descriptions carry (California adds the FDA statement)."
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
                <FormLayout>
                  <Text as="h3" variant="headingSm">
                    When a COA is too old
                  </Text>
                  <FormLayout.Group>
                    <TextField
                      label="A COA is stale after"
                      name="staleAfterMonths"
                      type="number"
                      min={1}
                      max={60}
                      suffix="months"
                      value={staleMonths}
                      onChange={setStaleMonths}
                      autoComplete="off"
                      helpText="Counted from the lab's test date. A date the lab prints as “void after” wins when it is earlier."
                      error={errors.staleAfterMonths}
                    />
                    <TextField
                      label="Warn me before that"
                      name="staleWarnDays"
                      type="number"
                      min={0}
                      max={365}
                      suffix="days"
                      value={warnDays}
                      onChange={setWarnDays}
                      autoComplete="off"
                      helpText="Products then show as “stale soon” on the home page, and Shopify Flow hears of it."
                      error={errors.staleWarnDays}
                    />
                  </FormLayout.Group>
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
