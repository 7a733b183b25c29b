import { z } from "zod";
import { LAB_REPORT_TYPE } from "~/pipeline/lab-report-entry";
import { runAdminOperation, type AdminGraphql } from "./shopify-admin-client.server";

/**
 * What the batch record migration reads before it writes anything: whether a batch's
 * `$app:lab_report` entry exists already (so a migration run again, or a batch published since,
 * is left as it is). The product's references and COA file come from readPublishingProduct.
 */

const ENTRY_BY_HANDLE = `#graphql
  query LabReportEntryByHandle($handle: MetaobjectHandleInput!) {
    metaobjectByHandle(handle: $handle) {
      id
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
