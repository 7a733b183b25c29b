import { z } from "zod";
import type { LabReportEntry, LabReportOwners, OwnerReferences } from "./lab-report-entry";
import {
  LAB_RESULTS_KEYS,
  METAFIELD_TYPES,
  type LabResultsKey,
  type PlannedMetafield,
} from "./publish-plan";

/**
 * What publishing needs from Shopify, as one small port: each method is one thing the Admin API
 * does, and decides nothing. The pipeline (publish-lab-report.ts, restore-product.ts) says what to
 * write and in which order; app/integrations/shopify-publishing.server.ts applies it; tests hand in
 * the same adapter pointed at the Admin double.
 */

/** Shopify's refusal of a change (a userError), as the merchant will read it. */
export type ShopifyRefusal = { field: string[] | null; message: string; code: string | null };

export type PortResult<T> = { ok: true; value: T } | { ok: false; userErrors: ShopifyRefusal[] };

/** The product as publishing finds it: its copy, its lab block and its batch references. */
export type ProductOnShopify = LabReportOwners & {
  title: string;
  descriptionHtml: string;
  seo: { title: string | null; description: string | null };
  /** The `$app:lab_results` metafields the theme block shows now. */
  labResults: PlannedMetafield[];
};

export type CoaFileUpload = { fileName: string; bytes: Uint8Array };
export type CoaFileRef = { id: string; url: string };

export type ProductDescriptionFields = {
  descriptionHtml: string;
  seo: { title: string; description: string };
};

export type ReferenceKey = "lab_report" | "lab_report_history";

export interface ShopifyPublishingPort {
  /** The product with its variants' references; null when it no longer exists. */
  readProduct(productId: string): Promise<ProductOnShopify | null>;
  /** The shop's primary domain as an origin, for the batch's lookup URL. */
  readShopOrigin(): Promise<string>;
  /** Makes sure the lab-results metafield definitions exist (idempotent). */
  ensureLabResultsDefinitions(): Promise<PortResult<unknown>>;
  /** Stages the PDF and creates the file in Shopify Files; it is not ready yet. */
  createCoaFile(file: CoaFileUpload): Promise<PortResult<{ id: string }>>;
  /** Waits (bounded) until Shopify has processed the file; a missing or failed file is a value. */
  waitForCoaFile(fileId: string): Promise<PortResult<CoaFileRef>>;
  setLabResultsMetafields(
    productId: string,
    metafields: PlannedMetafield[],
  ): Promise<PortResult<unknown>>;
  removeLabResultsMetafields(
    productId: string,
    keys: LabResultsKey[],
  ): Promise<PortResult<unknown>>;
  upsertLabReportEntry(entry: LabReportEntry): Promise<PortResult<{ id: string }>>;
  /** Sets each owner's current reference and history where they have one; empty ones are left. */
  setLabReportReferences(owners: OwnerReferences[]): Promise<PortResult<unknown>>;
  removeLabReportReferences(
    references: { ownerId: string; key: ReferenceKey }[],
  ): Promise<PortResult<unknown>>;
  updateProductDescription(
    productId: string,
    fields: ProductDescriptionFields,
  ): Promise<PortResult<{ descriptionHtml: string }>>;
}

/**
 * What the product had before a report's first publish, besides its description (kept as a
 * description version): the lab block's metafields and the batch references of the product and the
 * report's variants. Stored with the report as JSON; Restore puts it back.
 */
export const previousLabDataSchema = z.object({
  labResults: z.array(
    z.object({ key: z.enum(LAB_RESULTS_KEYS), type: z.enum(METAFIELD_TYPES), value: z.string() }),
  ),
  references: z.array(
    z.object({
      ownerId: z.string(),
      current: z.string().nullable(),
      history: z.array(z.string()),
    }),
  ),
});
export type PreviousLabData = z.infer<typeof previousLabDataSchema>;

export function notFound(field: string, message: string): ShopifyRefusal[] {
  return [{ field: [field], message, code: "NOT_FOUND" }];
}
