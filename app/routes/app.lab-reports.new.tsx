import { useState } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import {
  json,
  MaxPartSizeExceededError,
  redirect,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  DropZone,
  InlineError,
  InlineStack,
  Layout,
  Page,
  Text,
  Thumbnail,
} from "@shopify/polaris";
import { useAppBridge } from "@shopify/app-bridge-react";
import { z } from "zod";
import { authenticate } from "~/shopify.server";
import { env } from "~/env.server";
import { tooLargeMessage, uploadLabReport } from "~/merchant/upload-lab-report.server";
import { uploadDeps } from "~/composition/merchant-actions.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  await authenticate.admin(request);
  const config = env();
  return json({ maxBytes: config.COA_MAX_BYTES, maxPages: config.COA_MAX_PAGES });
};

const uploadForm = z.object({
  productId: z
    .string({ error: "Choose a product first." })
    .regex(/^gid:\/\/shopify\/Product\/\d+$/, "Choose a product first."),
  productTitle: z.string().trim().max(255).optional(),
  file: z.custom<File>((value) => value instanceof Blob && "name" in value, "Choose a COA PDF."),
});

type UploadError = { ok: false; field: "file" | "product" | null; message: string };

function uploadError(field: UploadError["field"], message: string, status: number) {
  return json<UploadError>({ ok: false, field, message }, status);
}

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const deps = uploadDeps();
  const { maxBytes } = deps.limits;
  // Refuse an oversize body before reading it; the part limit below catches a missing header.
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes + 64 * 1024) return uploadError("file", tooLargeMessage(maxBytes), 413);

  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(
      request,
      unstable_createMemoryUploadHandler({ maxPartSize: maxBytes }),
    );
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) {
      return uploadError("file", tooLargeMessage(maxBytes), 413);
    }
    throw error;
  }
  const parsed = uploadForm.safeParse(Object.fromEntries(form));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path[0] === "productId" ? "product" : "file";
    return uploadError(field, issue?.message ?? "Check the form.", 400);
  }
  const { productId, productTitle, file } = parsed.data;
  const result = await uploadLabReport(deps, {
    shop: session.shop,
    productId,
    productTitle: productTitle || null,
    fileName: file.name || "coa.pdf",
    bytes: new Uint8Array(await file.arrayBuffer()),
  });
  if (!result.ok && (result.reason === "plan-limit-reached" || result.reason === "payment-issue")) {
    return uploadError(null, result.message, 402);
  }
  if (!result.ok) return uploadError("file", result.message, 422);
  return redirect(`/app/lab-reports/${result.reportId}`);
};

interface PickedProduct {
  id: string;
  title: string;
  image: string | null;
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${(bytes / (1024 * 1024)).toFixed(1)} MB`
    : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

export default function UploadLabReport() {
  const { maxBytes, maxPages } = useLoaderData<typeof loader>();
  const error = useActionData<typeof action>();
  const navigation = useNavigation();
  const submit = useSubmit();
  const shopify = useAppBridge();
  const [product, setProduct] = useState<PickedProduct | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [clientError, setClientError] = useState<string | null>(null);
  const uploading = navigation.state === "submitting";

  async function pickProduct() {
    const picked = await shopify.resourcePicker({
      type: "product",
      action: "select",
      multiple: false,
    });
    const first = picked?.[0];
    if (!first) return;
    setProduct({
      id: first.id,
      title: first.title,
      image: first.images[0]?.originalSrc ?? null,
    });
  }

  function dropped(_all: File[], accepted: File[], rejected: File[]) {
    const next = accepted[0];
    if (!next) {
      setClientError(rejected.length > 0 ? "Choose a PDF file." : null);
      return;
    }
    setClientError(next.size > maxBytes ? tooLargeText(maxBytes) : null);
    setFile(next);
  }

  function upload() {
    if (!product || !file) return;
    const data = new FormData();
    data.set("productId", product.id);
    data.set("productTitle", product.title);
    data.set("file", file);
    submit(data, { method: "post", encType: "multipart/form-data" });
  }

  const fileError = clientError ?? (error?.field === "file" ? error.message : null);

  return (
    <Page
      backAction={{ content: "Lab reports", url: "/app/lab-reports" }}
      title="Upload a COA"
      subtitle="Link a lab's Certificate of Analysis to a product"
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {error && !error.ok ? (
              <Banner tone="critical" title="The COA was not uploaded">
                <p>{error.message}</p>
              </Banner>
            ) : null}
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  1. Product
                </Text>
                <InlineStack gap="300" blockAlign="center">
                  {product?.image ? (
                    <Thumbnail source={product.image} alt={product.title} size="small" />
                  ) : null}
                  <Text as="p" variant="bodyMd" fontWeight={product ? "semibold" : "regular"}>
                    {product?.title ?? "No product chosen"}
                  </Text>
                  <Button onClick={pickProduct}>
                    {product ? "Change product" : "Choose product"}
                  </Button>
                </InlineStack>
                {error?.field === "product" ? (
                  <InlineError message={error.message} fieldID="product" />
                ) : null}
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  2. COA PDF
                </Text>
                <DropZone
                  accept="application/pdf"
                  type="file"
                  allowMultiple={false}
                  onDrop={dropped}
                  label="Certificate of Analysis"
                  labelHidden
                  error={Boolean(fileError)}
                >
                  {file ? (
                    <Box padding="600">
                      <BlockStack gap="100" inlineAlign="center">
                        <Text as="p" variant="bodyMd" fontWeight="semibold">
                          {`${file.name} · ${formatBytes(file.size)}`}
                        </Text>
                        <Text as="p" variant="bodySm" tone="subdued">
                          Drop another PDF here to replace it
                        </Text>
                      </BlockStack>
                    </Box>
                  ) : (
                    <DropZone.FileUpload
                      actionHint={`One PDF, up to ${formatBytes(maxBytes)} and ${maxPages} pages`}
                    />
                  )}
                </DropZone>
                {fileError ? <InlineError message={fileError} fieldID="file" /> : null}
              </BlockStack>
            </Card>
            <InlineStack align="end">
              <Button
                variant="primary"
                onClick={upload}
                disabled={!product || !file || Boolean(clientError)}
                loading={uploading}
              >
                Upload and process
              </Button>
            </InlineStack>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

function tooLargeText(maxBytes: number): string {
  return `This file is larger than ${formatBytes(maxBytes)}. Upload only the COA for this product.`;
}
