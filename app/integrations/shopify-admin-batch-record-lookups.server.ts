import { z } from "zod";
import { LAB_REPORT_TYPE } from "~/pipeline/lab-report-entry";
import { runAdminOperation, type AdminGraphql } from "./shopify-admin-client.server";

/**
 * Reads the batch record migration needs before it writes anything: whether a batch's
 * `$app:lab_report` entry exists already (so a migration run again, or a batch published since,
 * is left as it is), and the COA file a product's lab results point at today.
 */

const ENTRY_BY_HANDLE = `#graphql
  query LabReportEntryByHandle($handle: MetaobjectHandleInput!) {
    metaobjectByHandle(handle: $handle) {
      id
    }
  }
`;

const COA_FILE_REFERENCE = `#graphql
  query LabResultsCoaFileReference($id: ID!) {
    product(id: $id) {
      coaFile: metafield(namespace: "$app:lab_results", key: "coa_file") {
        value
      }
    }
  }
`;

/** The id of the batch's entry, or null when there is none. */
export async function findLabReportEntryId(
  admin: AdminGraphql,
  handle: string,
): Promise<string | null> {
  const data = await runAdminOperation(
    admin,
    ENTRY_BY_HANDLE,
    { handle: { type: LAB_REPORT_TYPE, handle } },
    z.object({ metaobjectByHandle: z.object({ id: z.string() }).nullable() }),
  );
  return data.metaobjectByHandle?.id ?? null;
}

/** The file id in the product's `$app:lab_results.coa_file` metafield, or null. */
export async function readProductCoaFileId(
  admin: AdminGraphql,
  productId: string,
): Promise<string | null> {
  const data = await runAdminOperation(
    admin,
    COA_FILE_REFERENCE,
    { id: productId },
    z.object({
      product: z.object({ coaFile: z.object({ value: z.string() }).nullable() }).nullable(),
    }),
  );
  return data.product?.coaFile?.value ?? null;
}
