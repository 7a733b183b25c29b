import { z } from "zod";
import {
  LAB_REPORT_HISTORY,
  LAB_REPORT_REFERENCE,
  LAB_REPORT_TYPE,
  type LabReportEntry,
  type OwnerReferences,
} from "~/pipeline/lab-report-entry";
import {
  orUnknown,
  runAdminOperation,
  userErrorSchema,
  type AdminGraphql,
  type MutationResult,
} from "./shopify-admin-client.server";

/**
 * Lab reports as `$app:lab_report` metaobject entries (declared in shopify.app.toml) and the
 * product and variant metafields that reference them: the current report and the history. What to
 * write is the pipeline's decision (app/pipeline/lab-report-entry.ts); this file only writes it.
 */

const ENTRY_UPSERT = `#graphql
  mutation LabReportEntryUpsert($handle: MetaobjectHandleInput!, $metaobject: MetaobjectUpsertInput!) {
    metaobjectUpsert(handle: $handle, metaobject: $metaobject) {
      metaobject {
        id
        handle
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`;

const REFERENCES_SET = `#graphql
  mutation LabReportReferencesSet($metafields: [MetafieldsSetInput!]!) {
    metafieldsSet(metafields: $metafields) {
      metafields {
        id
        key
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`;

export async function upsertLabReportEntry(
  admin: AdminGraphql,
  entry: LabReportEntry,
): Promise<MutationResult<{ id: string; handle: string }>> {
  const data = await runAdminOperation(
    admin,
    ENTRY_UPSERT,
    {
      handle: { type: LAB_REPORT_TYPE, handle: entry.handle },
      metaobject: { fields: entry.fields },
    },
    z.object({
      metaobjectUpsert: z.object({
        metaobject: z.object({ id: z.string(), handle: z.string() }).nullable(),
        userErrors: z.array(userErrorSchema),
      }),
    }),
  );
  const { metaobject, userErrors } = data.metaobjectUpsert;
  if (userErrors.length > 0 || !metaobject) return { ok: false, userErrors: orUnknown(userErrors) };
  return { ok: true, value: metaobject };
}

/** Shopify sets at most 25 metafields per metafieldsSet call. */
const SET_LIMIT = 25;

/**
 * Points each owner (a product or a variant) at its references, atomic per call of 25; an owner's
 * empty current or history is not written (removeLabReportReferences clears one).
 */
export async function setLabReportReferences(
  admin: AdminGraphql,
  owners: OwnerReferences[],
): Promise<MutationResult<{ count: number }>> {
  const inputs = owners.flatMap(({ ownerId, ...references }) => [
    ...(references.current
      ? [
          {
            ownerId,
            ...LAB_REPORT_REFERENCE,
            type: `metaobject_reference`,
            value: references.current,
          },
        ]
      : []),
    ...(references.history.length > 0
      ? [
          {
            ownerId,
            ...LAB_REPORT_HISTORY,
            type: `list.metaobject_reference`,
            value: JSON.stringify(references.history),
          },
        ]
      : []),
  ]);
  let count = 0;
  for (let i = 0; i < inputs.length; i += SET_LIMIT) {
    const data = await runAdminOperation(
      admin,
      REFERENCES_SET,
      { metafields: inputs.slice(i, i + SET_LIMIT) },
      z.object({
        metafieldsSet: z.object({
          metafields: z.array(z.object({ id: z.string(), key: z.string() })).nullable(),
          userErrors: z.array(userErrorSchema),
        }),
      }),
    );
    const { metafields, userErrors } = data.metafieldsSet;
    if (userErrors.length > 0 || !metafields)
      return { ok: false, userErrors: orUnknown(userErrors) };
    count += metafields.length;
  }
  return { ok: true, value: { count } };
}

const REFERENCES_DELETE = `#graphql
  mutation LabReportReferencesDelete($metafields: [MetafieldIdentifierInput!]!) {
    metafieldsDelete(metafields: $metafields) {
      deletedMetafields {
        key
      }
      userErrors {
        field
        message
      }
    }
  }
`;

/** Clears references (a missing one is no error), e.g. one Restore finds empty before a publish. */
export async function removeLabReportReferences(
  admin: AdminGraphql,
  references: { ownerId: string; key: "lab_report" | "lab_report_history" }[],
): Promise<MutationResult<null>> {
  if (references.length === 0) return { ok: true, value: null };
  const data = await runAdminOperation(
    admin,
    REFERENCES_DELETE,
    { metafields: references.map(({ ownerId, key }) => ({ ownerId, namespace: "$app", key })) },
    z.object({ metafieldsDelete: z.object({ userErrors: z.array(userErrorSchema) }) }),
  );
  const { userErrors } = data.metafieldsDelete;
  return userErrors.length > 0 ? { ok: false, userErrors } : { ok: true, value: null };
}
