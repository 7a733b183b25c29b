import { z } from "zod";
import {
  runAdminOperation,
  ShopifyAdminError,
  ShopifyUnavailableError,
  userErrorSchema,
  type AdminGraphql,
  type MutationResult,
  type ShopifyUserError,
} from "./shopify-admin-client.server";

/**
 * Puts a COA PDF into Shopify Files: stagedUploadsCreate → upload the bytes to the target →
 * fileCreate → poll until Shopify has processed it (shopify.dev, "Upload files": staged uploads).
 */

const STAGED_UPLOADS_CREATE = `#graphql
  mutation LabResultsStagedUploadsCreate($input: [StagedUploadInput!]!) {
    stagedUploadsCreate(input: $input) {
      stagedTargets {
        url
        resourceUrl
        parameters {
          name
          value
        }
      }
      userErrors {
        field
        message
      }
    }
  }
`;

const FILE_CREATE = `#graphql
  mutation LabResultsFileCreate($files: [FileCreateInput!]!) {
    fileCreate(files: $files) {
      files {
        id
        fileStatus
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`;

const FILE_STATUS = `#graphql
  query LabResultsFileStatus($id: ID!) {
    node(id: $id) {
      id
      ... on GenericFile {
        fileStatus
        url
        fileErrors {
          code
          message
        }
      }
    }
  }
`;

const stagedUploadsCreateData = z.object({
  stagedUploadsCreate: z.object({
    stagedTargets: z
      .array(
        z.object({
          url: z.string().nullable(),
          resourceUrl: z.string().nullable(),
          parameters: z.array(z.object({ name: z.string(), value: z.string() })),
        }),
      )
      .nullable(),
    userErrors: z.array(userErrorSchema),
  }),
});

const fileCreateData = z.object({
  fileCreate: z.object({
    files: z.array(z.object({ id: z.string(), fileStatus: z.string() })).nullable(),
    userErrors: z.array(userErrorSchema),
  }),
});

const fileStatusData = z.object({
  node: z
    .object({
      id: z.string(),
      fileStatus: z.enum(["UPLOADED", "PROCESSING", "READY", "FAILED"]).optional(),
      url: z.string().nullish(),
      fileErrors: z.array(z.object({ code: z.string(), message: z.string() })).optional(),
    })
    .nullable(),
});

/** Shopify processed the upload, but not within the polls we allow: try the step again later. */
export class ShopifyFileNotReadyError extends Error {
  override name = "ShopifyFileNotReadyError";
  constructor(readonly fileId: string) {
    super(`Shopify has not finished processing file ${fileId}`);
  }
}

export type CoaFile = { filename: string; bytes: Uint8Array; mimeType?: string; alt?: string };

export type UploadedFile = { id: string; url: string };

export type UploadOptions = {
  /** The HTTP client for the staged-upload target (global fetch unless a test passes one). */
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  maxPolls?: number;
  pollIntervalMs?: number;
  /** POST (a signed policy form, the default) or PUT (a signed URL) to the staged target. */
  uploadMethod?: "POST" | "PUT";
};

/** Stages the file, sends the bytes and creates it in Files; Shopify processes it afterwards. */
export async function createCoaFile(
  admin: AdminGraphql,
  options: UploadOptions,
  file: CoaFile,
): Promise<MutationResult<{ id: string }>> {
  const mimeType = file.mimeType ?? "application/pdf";
  const method = options.uploadMethod ?? "POST";
  const staged = await runAdminOperation(
    admin,
    STAGED_UPLOADS_CREATE,
    {
      input: [
        {
          filename: file.filename,
          mimeType,
          resource: "FILE",
          fileSize: String(file.bytes.byteLength),
          httpMethod: method,
        },
      ],
    },
    stagedUploadsCreateData,
  );
  const { stagedTargets, userErrors } = staged.stagedUploadsCreate;
  const target = stagedTargets?.[0];
  if (userErrors.length > 0 || !target?.url || !target.resourceUrl) {
    return { ok: false, userErrors: nonEmpty(userErrors, "Shopify gave no upload target.") };
  }
  await sendToTarget(
    options.fetch ?? fetch,
    { ...target, url: target.url },
    file,
    mimeType,
    method,
  );

  const created = await runAdminOperation(
    admin,
    FILE_CREATE,
    {
      files: [
        {
          originalSource: target.resourceUrl,
          filename: file.filename,
          contentType: "FILE",
          alt: file.alt ?? null,
        },
      ],
    },
    fileCreateData,
  );
  const createdFile = created.fileCreate.files?.[0];
  if (created.fileCreate.userErrors.length > 0 || !createdFile) {
    return { ok: false, userErrors: nonEmpty(created.fileCreate.userErrors, "No file created.") };
  }
  return { ok: true, value: { id: createdFile.id } };
}

/**
 * Shopify processes files asynchronously: polls with a growing interval, a bounded number of
 * times. A file that is gone (deleted from Files) or failed processing is a value; one still
 * processing after the last poll throws ShopifyFileNotReadyError, to be retried later.
 */
export async function waitForCoaFile(
  admin: AdminGraphql,
  options: UploadOptions,
  id: string,
): Promise<MutationResult<UploadedFile>> {
  const sleep = options.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
  const maxPolls = options.maxPolls ?? 10;
  const interval = options.pollIntervalMs ?? 500;
  for (let poll = 0; poll < maxPolls; poll++) {
    const { node } = await runAdminOperation(admin, FILE_STATUS, { id }, fileStatusData);
    if (!node) {
      return {
        ok: false,
        userErrors: [{ field: ["id"], message: `File ${id} does not exist.`, code: "NOT_FOUND" }],
      };
    }
    if (node.fileStatus === "READY" && node.url) return { ok: true, value: { id, url: node.url } };
    if (node.fileStatus === "FAILED") {
      const errors = (node.fileErrors ?? []).map((e) => ({
        field: null,
        message: e.message,
        code: e.code,
      }));
      return { ok: false, userErrors: nonEmpty(errors, "Shopify could not process the COA file.") };
    }
    await sleep(Math.min(interval * 2 ** poll, 5000));
  }
  throw new ShopifyFileNotReadyError(id);
}

async function sendToTarget(
  fetchFn: typeof fetch,
  target: { url: string; parameters: { name: string; value: string }[] },
  file: CoaFile,
  mimeType: string,
  method: "POST" | "PUT",
): Promise<void> {
  // Copy into a plain ArrayBuffer: Blob does not take a view over a SharedArrayBuffer.
  const blob = new Blob([new Uint8Array(file.bytes)], { type: mimeType });
  let response: Response;
  try {
    if (method === "POST") {
      // The signed policy fields go first, in the order given; the file must be the last field.
      const form = new FormData();
      for (const p of target.parameters) form.append(p.name, p.value);
      form.append("file", blob, file.filename);
      response = await fetchFn(target.url, { method: "POST", body: form });
    } else {
      // A PUT target's parameters (content_type, acl) are headers of the signed request.
      const headerNames: Record<string, string> = {
        content_type: "Content-Type",
        acl: "x-goog-acl",
      };
      const headers = new Headers();
      for (const p of target.parameters) headers.set(headerNames[p.name] ?? p.name, p.value);
      response = await fetchFn(target.url, { method: "PUT", headers, body: blob });
    }
  } catch (error) {
    throw new ShopifyUnavailableError(`Upload to Shopify's storage failed: ${String(error)}`, null);
  }
  if (response.status >= 500) {
    throw new ShopifyUnavailableError(
      `Shopify's storage answered HTTP ${response.status}`,
      response.status,
    );
  }
  if (!response.ok) {
    throw new ShopifyAdminError(`Shopify's storage refused the upload: HTTP ${response.status}`);
  }
}

function nonEmpty(errors: ShopifyUserError[], fallback: string): ShopifyUserError[] {
  return errors.length > 0 ? errors : [{ field: null, message: fallback, code: null }];
}
