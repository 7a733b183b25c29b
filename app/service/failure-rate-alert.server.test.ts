import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createFailureRateAlert, type FailureRateAlertPayload } from "./failure-rate-alert.server";

/** The operator's webhook: a local HTTP server that keeps every body it receives. */
let server: Server;
let received: FailureRateAlertPayload[];
let answerStatus: number;
let url: string;

beforeEach(async () => {
  received = [];
  answerStatus = 200;
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      received.push(JSON.parse(Buffer.concat(chunks).toString("utf8")) as FailureRateAlertPayload);
      res.statusCode = answerStatus;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/alert`;
});
afterEach(async () => {
  await new Promise((resolve) => server.close(resolve));
});

function alertAt(
  clock: { now: number },
  overrides: { onDeliveryError?: (e: unknown) => void } = {},
) {
  return createFailureRateAlert({
    webhookUrl: url,
    threshold: 0.5,
    windowMs: 60_000,
    minEvents: 4,
    cooldownMs: 600_000,
    now: () => clock.now,
    ...overrides,
  });
}

describe("failure-rate alert", () => {
  it("calls the webhook once when the share of failed steps in the window reaches the threshold", async () => {
    const clock = { now: 0 };
    const alert = alertAt(clock);
    alert.stageFinished("extract-lab-report", 1, "ok");
    alert.stageFinished("extract-lab-report", 1, "ok");
    alert.reportFailed("corrupt-pdf");
    alert.stageFinished("extract-lab-report", 1, "failed");
    await alert.settled();
    expect(received).toHaveLength(0); // 1 of 3: below the minimum of 4 steps

    alert.reportFailed("shopify-product-update");
    alert.stageFinished("publish-description", 1, "failed");
    await alert.settled();

    expect(received).toEqual([
      {
        text: "Heady Lab Results: 50% of pipeline steps failed in the last 60 s (2 of 4).",
        failureRate: 0.5,
        failedSteps: 2,
        finishedSteps: 4,
        windowSeconds: 60,
        failureCodes: { "corrupt-pdf": 1, "shopify-product-update": 1 },
      },
    ]);
  });

  it("is not fired again on every failure during the cooldown, and fires again after it", async () => {
    const clock = { now: 0 };
    const alert = alertAt(clock);
    for (let i = 0; i < 4; i++) alert.stageFinished("write-description", 1, "failed");
    await alert.settled();
    expect(received).toHaveLength(1);

    for (let i = 0; i < 20; i++) {
      clock.now += 10_000;
      alert.stageFinished("write-description", 1, "failed");
    }
    await alert.settled();
    expect(received).toHaveLength(1);

    clock.now = 600_000;
    for (let i = 0; i < 4; i++) alert.stageFinished("write-description", 1, "failed");
    await alert.settled();
    expect(received).toHaveLength(2);
  });

  it("forgets outcomes older than the window", async () => {
    const clock = { now: 0 };
    const alert = alertAt(clock);
    for (let i = 0; i < 3; i++) alert.stageFinished("extract-lab-report", 1, "failed");
    clock.now = 61_000;
    for (let i = 0; i < 3; i++) alert.stageFinished("extract-lab-report", 1, "ok");
    alert.stageFinished("extract-lab-report", 1, "failed");
    await alert.settled();
    // Counted together, 4 of 7 would alert; in the window it is 1 of 4.
    expect(received).toHaveLength(0);
  });

  it("reports a webhook that refuses the call, without throwing into the pipeline", async () => {
    answerStatus = 500;
    const errors: unknown[] = [];
    const alert = alertAt({ now: 0 }, { onDeliveryError: (error) => errors.push(error) });
    expect(() => {
      for (let i = 0; i < 4; i++) alert.stageFinished("extract-lab-report", 1, "failed");
    }).not.toThrow();
    await alert.settled();
    expect(received).toHaveLength(1);
    expect(String(errors[0])).toContain("HTTP 500");
  });
});
