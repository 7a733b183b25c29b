import { z } from "zod";
import {
  LAB_REPORT_HISTORY,
  LAB_REPORT_REFERENCE,
  LAB_REPORT_TYPE,
  nextReferences,
  type LabReportEntry,
  type References,
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
 * product and variant metafields that reference them: the current report and the history.
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

const REFERENCES = `#graphql
  query LabReportReferences($id: ID!) {
    product(id: $id) {
      id
      current: metafield(namespace: "$app", key: "lab_report") {
        value
      }
      history: metafield(namespace: "$app", key: "lab_report_history") {
        value
      }
      variants(first: 250) {
        nodes {
          id
          title
          sku
          current: metafield(namespace: "$app", key: "lab_report") {
            value
          }
          history: metafield(namespace: "$app", key: "lab_report_history") {
            value
          }
        }
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

const valueSchema = z.object({ value: z.string() }).nullable();

function readReferences(current: z.infer<typeof valueSchema>, history: typeof current): References {
  let list: string[] = [];
  if (history) {
    const parsed = z.array(z.string()).safeParse(JSON.parse(history.value));
    list = parsed.success ? parsed.data : [];
  }
  return { current: current?.value ?? null, history: list };
}

export type VariantReferences = { id: string; title: string; sku: string | null } & References;
export type ProductReferences = {
  id: string;
  references: References;
  variants: VariantReferences[];
};

export async function readLabReportReferences(
  admin: AdminGraphql,
  productId: string,
): Promise<ProductReferences | null> {
  const data = await runAdminOperation(
    admin,
    REFERENCES,
    { id: productId },
    z.object({
      product: z
        .object({
          id: z.string(),
          current: valueSchema,
          history: valueSchema,
          variants: z.object({
            nodes: z.array(
              z.object({
                id: z.string(),
                title: z.string(),
                sku: z.string().nullable(),
                current: valueSchema,
                history: valueSchema,
              }),
            ),
          }),
        })
        .nullable(),
    }),
  );
  const product = data.product;
  if (!product) return null;
  return {
    id: product.id,
    references: readReferences(product.current, product.history),
    variants: product.variants.nodes.map((v) => ({
      id: v.id,
      title: v.title,
      sku: v.sku,
      ...readReferences(v.current, v.history),
    })),
  };
}

/** Shopify sets at most 25 metafields per metafieldsSet call. */
const SET_LIMIT = 25;

/** Points each owner (a product or a variant) at its references; atomic per call of 25. */
export async function setLabReportReferences(
  admin: AdminGraphql,
  owners: { ownerId: string; references: References }[],
): Promise<MutationResult<{ count: number }>> {
  const inputs = owners.flatMap(({ ownerId, references }) => [
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

export type BatchRecordInput = {
  productId: string;
  /** The variants the report is assigned to; empty: the whole product. */
  variantIds: string[];
  entry: LabReportEntry;
};

export type BatchRecordResult = MutationResult<{
  entryId: string;
  product: References;
  variants: { id: string; references: References }[];
}>;

/**
 * Writes the batch record and points its owners at it: the whole product, or the chosen variants
 * (and the product too while it has no report of its own, so a theme without JavaScript shows one).
 * The previous current batch of each owner moves into its history.
 */
export async function publishBatchRecord(
  admin: AdminGraphql,
  input: BatchRecordInput,
): Promise<BatchRecordResult> {
  const upserted = await upsertLabReportEntry(admin, input.entry);
  if (!upserted.ok) return upserted;
  const entryId = upserted.value.id;
  const before = await readLabReportReferences(admin, input.productId);
  if (!before) {
    return {
      ok: false,
      userErrors: [
        {
          field: ["productId"],
          message: "This product no longer exists in Shopify.",
          code: "NOT_FOUND",
        },
      ],
    };
  }
  const known = new Map(before.variants.map((v) => [v.id, v]));
  const unknown = input.variantIds.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    return {
      ok: false,
      userErrors: [
        {
          field: ["variantIds"],
          message: `These variants are not on the product: ${unknown.join(", ")}`,
          code: "NOT_FOUND",
        },
      ],
    };
  }
  const wholeProduct = input.variantIds.length === 0;
  const product =
    wholeProduct || before.references.current === null
      ? nextReferences(before.references, entryId)
      : before.references;
  const variants = input.variantIds.map((id) => {
    const v = known.get(id) as VariantReferences;
    return { id, references: nextReferences({ current: v.current, history: v.history }, entryId) };
  });
  const owners = [
    ...(product === before.references ? [] : [{ ownerId: before.id, references: product }]),
    ...variants.map((v) => ({ ownerId: v.id, references: v.references })),
  ];
  const set = await setLabReportReferences(admin, owners);
  if (!set.ok) return set;
  return { ok: true, value: { entryId, product, variants } };
}
