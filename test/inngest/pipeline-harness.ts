import { readFileSync } from "node:fs";
import { InngestTestEngine } from "@inngest/test";
import type { OutgoingOp } from "inngest";
import type { PrismaClient } from "@prisma/client";
import type { AdminGraphql } from "~/integrations/shopify-admin-client.server";
import type { LanguageModel } from "~/pipeline/language-model";
import { createPipelineDeps } from "~/composition/process-lab-report-adapters.server";
import type { ProcessLabReportDeps } from "~/inngest/process-lab-report-ports";

/**
 * Shared set-up for process-lab-report's tests and the pipeline benchmark: the real pipeline pieces
 * (Prisma on a test database, pdf-parse, extraction, the writer, the Shopify Admin integration)
 * pointed at local doubles.
 */

export const CORPUS = new URL("../fixtures/coa/", import.meta.url);

export function corpusPdf(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(name, CORPUS)));
}

/** Plain HTTP to the Shopify double's endpoint, as admin.graphql would send it. */
export function adminGraphqlFor(
  apiUrlOf: (shop: string) => string,
): (shop: string) => Promise<AdminGraphql> {
  return async (shop) => async (query, options) =>
    fetch(apiUrlOf(shop), {
      method: "POST",
      headers: { "content-type": "application/json", "x-shopify-access-token": "shpat_test" },
      body: JSON.stringify({ query, variables: options?.variables ?? {} }),
    });
}

export function testPipelineDeps(input: {
  db: PrismaClient;
  apiUrlOf: (shop: string) => string;
  languageModel?: LanguageModel;
}): ProcessLabReportDeps {
  return createPipelineDeps({
    db: input.db,
    ...(input.languageModel ? { languageModel: input.languageModel } : {}),
    adminFor: adminGraphqlFor(input.apiUrlOf),
    upload: { sleep: async () => {} },
  });
}

export async function seedShop(
  db: PrismaClient,
  domain: string,
  settings: { autoPublish: boolean },
): Promise<void> {
  await db.shop.create({ data: { domain, autoPublish: settings.autoPublish } });
}

/** What the upload action stores: a queued LabReport row and its bytes. */
export async function seedReport(
  db: PrismaClient,
  input: {
    shop: string;
    productId: string | null;
    productTitle?: string;
    fileName: string;
    bytes: Uint8Array;
    /** The variants the report is for; none: the whole product. */
    variantIds?: string[];
  },
): Promise<string> {
  const report = await db.labReport.create({
    data: {
      shop: input.shop,
      productId: input.productId,
      productTitle: input.productTitle ?? null,
      variantIds: JSON.stringify(input.variantIds ?? []),
      fileName: input.fileName,
      sha256: "0".repeat(64),
      sizeBytes: input.bytes.length,
      file: { create: { bytes: Buffer.from(input.bytes) } },
    },
    select: { id: true },
  });
  return report.id;
}

export function uploadedEvent(reportId: string, shop: string, attempt = 1) {
  return {
    id: attempt === 1 ? reportId : `${reportId}:attempt-${attempt}`,
    name: "lab-report/pdf.uploaded" as const,
    data: { reportId, shop, attempt },
  };
}

/**
 * Inngest's retry, as far as a test can play it: @inngest/test stops at the first failed step (it
 * models no retries), so a retry is a new execution given the earlier steps' memoized outputs —
 * what Inngest hands the SDK on the next attempt — which runs the failed step again.
 */
export async function memoizedSteps(state: Record<string, Promise<unknown>>) {
  const steps: InngestTestEngine.MockedStep[] = [];
  for (const [id, output] of Object.entries(state)) {
    const settled = await output.then(
      (value) => ({ ok: true as const, value }),
      () => ({ ok: false as const }),
    );
    if (settled.ok) steps.push({ id, idIsHashed: true, handler: () => settled.value });
  }
  return steps;
}

/**
 * Runs until `stepId` has run once and returns its outcome, including whether Inngest would retry
 * it (`retriable`: false, true, or the retry-after in seconds) and the memoized outputs of the steps
 * before it (to replay a retry). Written against individual executions because `waitFor` skips a
 * checkpoint reached by the very first execution.
 */
export class PipelineTestEngine extends InngestTestEngine {
  async untilStepRan(stepId: string, options: InngestTestEngine.InlineOptions = {}) {
    let steps: InngestTestEngine.MockedStep[] = [...(options.steps ?? [])];
    let targetStepId: string | undefined;
    for (let executions = 0; executions < 20; executions++) {
      // A copy: the engine appends each checkpoint to the array it is given.
      const execution = await this.individualExecution({
        ...options,
        steps: [...steps],
        targetStepId,
      });
      const { state } = execution;
      // The checkpoint type is a union flattened by Omit; read the fields each kind carries.
      const result = execution.result as {
        type: string;
        step?: OutgoingOp;
        steps?: OutgoingOp[];
        retriable?: boolean | string;
      };
      if (result.type === "step-ran" && result.step) {
        const step = result.step;
        if (step.displayName === stepId) {
          return { step, retriable: result.retriable, state, memoized: steps };
        }
        if (step.error) throw new Error(`Step ${step.displayName} failed before ${stepId} ran`);
        steps = [...steps, { id: step.id, idIsHashed: true, handler: () => step.data }];
        targetStepId = undefined;
      } else if (result.type === "steps-found" && result.steps?.length === 1) {
        targetStepId = result.steps[0]?.id;
      } else {
        throw new Error(
          `The run reached ${result.type} before ${stepId} ran: ${JSON.stringify(execution.result).slice(0, 300)}`,
        );
      }
    }
    throw new Error(`${stepId} did not run within 20 executions`);
  }
}
