import { useState } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
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
import { merchantPages } from "~/composition/merchant-pages.server";
import { formatDate } from "~/components/format-date";
import { pageTitle } from "~/components/page-title";
import {
  holdStatus,
  uploadHold,
  uploadLabReport,
  type DuplicateUpload,
} from "~/merchant/upload-lab-report.server";
import { readCoaForm, type UploadedFile } from "~/merchant/upload-form.server";
import { uploadDeps } from "~/composition/merchant-actions.server";
import { productAssignmentDeps } from "~/composition/merchant-matching.server";
import { assignProduct, checkVariantChoice } from "~/merchant/product-assignment.server";
import { preselectedProduct } from "~/merchant/upload-preselection.server";
import {
  pickedProduct,
  pickerSelection,
  productLine,
  type PickedProduct,
} from "~/components/picked-product";

export const meta: MetaFunction = () => [{ title: pageTitle("Upload a COA") }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session, admin } = await authenticate.admin(request);
  const config = env();
  const { readProduct } = productAssignmentDeps(admin.graphql);
  const [allowance, preselected] = await Promise.all([
    merchantPages.monthlyAllowance(session.shop),
    preselectedProduct(readProduct, new URL(request.url).searchParams),
  ]);
  return json({
    preselected,
    maxBytes: config.COA_MAX_BYTES,
    maxPages: config.COA_MAX_PAGES,
    allowance: {
      plan: allowance.plan,
      limit: allowance.limit,
      remaining: allowance.remaining,
      resetsAt: allowance.resetsAt.toISOString(),
    },
  });
};

const uploadForm = z.object({
  productId: z
    .string({ error: "Choose a product first." })
    .regex(/^gid:\/\/shopify\/Product\/\d+$/, "Choose a product first."),
  productTitle: z.string().trim().max(255).optional(),
  productHandle: z
    .string()
    .trim()
    .max(255)
    .regex(/^[\p{Ll}\p{Lo}\p{N}_-]*$/u)
    .optional()
    .catch(undefined),
  allowDuplicate: z.literal("yes").optional(),
  file: z.custom<UploadedFile>(
    (value) => typeof value === "object" && value !== null && "bytes" in value,
    "Choose a COA PDF.",
  ),
});

type UploadError = {
  ok: false;
  field: "file" | "product" | null;
  message: string;
  duplicate?: DuplicateUpload;
};

function uploadError(
  field: UploadError["field"],
  message: string,
  status: number,
  duplicate?: DuplicateUpload,
  headers: Record<string, string> = {},
) {
  return json<UploadError>({ ok: false, field, message, duplicate }, { status, headers });
}

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, admin } = await authenticate.admin(request);
  const deps = uploadDeps();
  // The plan and payment hold first: a shop that may not upload now is told so unread.
  const held = await uploadHold(deps, session.shop, request);
  if (held) {
    const { status, headers } = holdStatus(held);
    return uploadError(null, held.message, status, undefined, headers);
  }
  const form = await readCoaForm(request, deps.limits.maxBytes);
  if (!form.ok) return uploadError("file", form.message, form.status);
  const parsed = uploadForm.safeParse({ ...form.fields, file: form.files.file });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path[0] === "productId" ? "product" : "file";
    return uploadError(field, issue?.message ?? "Check the form.", 400);
  }
  const { productId, productTitle, productHandle, allowDuplicate, file } = parsed.data;
  const assignDeps = productAssignmentDeps(admin.graphql);
  const variants = await checkVariantChoice(assignDeps, productId, form.fields.variantIds ?? null);
  if (!variants.ok) return uploadError("product", variants.message, 400);
  const result = await uploadLabReport(deps, {
    shop: session.shop,
    productId,
    productTitle: productTitle || null,
    productHandle: productHandle || null,
    allowDuplicate: allowDuplicate === "yes",
    fileName: file.name || "coa.pdf",
    bytes: file.bytes,
  });
  if (!result.ok && (result.reason === "plan-limit-reached" || result.reason === "payment-issue")) {
    return uploadError(null, result.message, 402);
  }
  if (!result.ok && result.reason === "duplicate") {
    return uploadError(null, result.message, 409, result.existing);
  }
  if (!result.ok) return uploadError("file", result.message, 422);
  if (variants.variantIds.length > 0) {
    const target = { shop: session.shop, reportId: result.reportId };
    await assignProduct(
      assignDeps,
      { ...target, productId, variantIds: variants.variantIds },
      variants.cache,
    );
  }
  return redirect(`/app/lab-reports/${result.reportId}?uploaded=1`);
};

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${(bytes / (1024 * 1024)).toFixed(1)} MB`
    : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

export default function UploadLabReport() {
  const { maxBytes, maxPages, allowance, preselected } = useLoaderData<typeof loader>();
  const error = useActionData<typeof action>();
  const navigation = useNavigation();
  const submit = useSubmit();
  const shopify = useAppBridge();
  const [product, setProduct] = useState<PickedProduct | null>(preselected);
  const [file, setFile] = useState<File | null>(null);
  const [clientError, setClientError] = useState<string | null>(null);
  const uploading = navigation.state === "submitting";

  async function pickProduct() {
    const picked = await shopify.resourcePicker({
      type: "product",
      action: "select",
      multiple: false,
      filter: { variants: true },
      selectionIds: pickerSelection(product?.id ?? null, product?.variantIds ?? []),
    });
    const chosen = pickedProduct(picked ?? null);
    if (chosen) setProduct(chosen);
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

  function upload(allowDuplicate = false) {
    if (!product || !file) return;
    const data = new FormData();
    data.set("productId", product.id);
    data.set("productTitle", product.title);
    if (product.handle) data.set("productHandle", product.handle);
    if (product.variantIds.length > 0) data.set("variantIds", JSON.stringify(product.variantIds));
    if (allowDuplicate) data.set("allowDuplicate", "yes");
    data.set("file", file);
    submit(data, { method: "post", encType: "multipart/form-data" });
  }

  const fileError = clientError ?? (error?.field === "file" ? error.message : null);
  const outOfReports = allowance.remaining === 0;

  return (
    <Page
      backAction={{ content: "Lab reports", url: "/app/lab-reports" }}
      title="Upload a COA"
      subtitle="Link a lab's Certificate of Analysis to a product"
      secondaryActions={[{ content: "Upload many COAs", url: "/app/lab-reports/bulk" }]}
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {error?.duplicate ? (
              <Banner
                tone="info"
                title="This COA is already uploaded"
                action={{
                  content: "Open that report",
                  url: `/app/lab-reports/${error.duplicate.reportId}`,
                }}
                secondaryAction={{
                  content: "Upload it again for this product",
                  onAction: () => upload(true),
                }}
              >
                <p>
                  {`${error.message} It was uploaded on ${formatDate(error.duplicate.createdAt)}. Nothing was counted against your plan.`}
                </p>
              </Banner>
            ) : error && !error.ok ? (
              <Banner tone="critical" title="The COA was not uploaded">
                <p>{`${error.message}${error.field === "file" ? " Nothing was counted against your plan." : ""}`}</p>
              </Banner>
            ) : null}
            <Banner
              tone={outOfReports ? "warning" : "info"}
              title={
                outOfReports
                  ? `You have used all ${allowance.limit} lab reports of the ${allowance.plan} plan this month`
                  : `${allowance.remaining} of ${allowance.limit} lab reports left this month (${allowance.plan} plan)`
              }
              action={{
                content: outOfReports ? "Choose a plan" : "See plans",
                url: "/app/billing",
              }}
            >
              <p>
                {`The count starts again on ${formatDate(allowance.resetsAt)}. A file that cannot be read, or a COA you uploaded before, is not counted.`}
              </p>
            </Banner>
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
                    {product
                      ? productLine(product.title, product.variantTitles)
                      : "No product chosen"}
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
                onClick={() => upload()}
                disabled={!product || !file || Boolean(clientError) || outOfReports}
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
