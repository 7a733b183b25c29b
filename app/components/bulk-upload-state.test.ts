import { describe, expect, it } from "vitest";
import {
  addFiles,
  applyAnswer,
  markUploading,
  MAX_BULK_FILES,
  nextWaiting,
  pausedUntil,
  progressOf,
} from "./bulk-upload-state";
import { pickedProduct, productLine } from "./picked-product";

const MB = 1024 * 1024;
const files = (...sizes: number[]) =>
  sizes.map((size, i) => ({ key: `k${i}`, name: `coa-${i}.pdf`, size }));

describe("the bulk upload queue", () => {
  it("sends one file at a time, in the order dropped", () => {
    let queue = addFiles([], files(MB, MB), 20 * MB, "too large");
    expect(nextWaiting(queue)?.key).toBe("k0");
    queue = markUploading(queue, "k0");
    expect(nextWaiting(queue)).toBeNull();
    queue = applyAnswer(queue, "k0", { ok: true, reportId: "r0" });
    expect(nextWaiting(queue)?.key).toBe("k1");
    expect(progressOf(queue)).toEqual({ done: 1, total: 2, percent: 50 });
  });

  it("a file the server asks to send later waits, with the files behind it, then goes first", () => {
    let queue = addFiles([], files(MB, MB), 20 * MB, "too large");
    queue = applyAnswer(
      markUploading(queue, "k0"),
      "k0",
      { ok: false, reason: "slow-down", message: "Send again in 3 s.", retryAfterSeconds: 3 },
      1_000,
    );
    expect(queue[0]).toMatchObject({ state: "waiting", notBefore: 4_000 });
    expect(queue[0]!.message).toMatch(/sent again in 3 s/);
    expect(pausedUntil(queue, 1_000)).toBe(4_000);
    expect(nextWaiting(queue, 3_999)).toBeNull();
    expect(nextWaiting(queue, 4_000)?.key).toBe("k0");
    expect(progressOf(queue).done).toBe(0);
    queue = applyAnswer(markUploading(queue, "k0"), "k0", { ok: true, reportId: "r0" }, 4_000);
    expect(queue[0]).toMatchObject({ state: "queued", message: null });
    expect(pausedUntil(queue, 4_000)).toBeNull();
    expect(nextWaiting(queue, 4_000)?.key).toBe("k1");
  });

  it("refuses a file over the size limit without sending it", () => {
    const queue = addFiles([], files(30 * MB), 20 * MB, "This file is larger than 20 MB.");
    expect(queue[0]).toMatchObject({
      state: "refused",
      message: "This file is larger than 20 MB.",
    });
    expect(nextWaiting(queue)).toBeNull();
  });

  it("stops sending once the plan's allowance is spent, saying why for each file not sent", () => {
    let queue = addFiles([], files(MB, MB, MB), 20 * MB, "too large");
    queue = applyAnswer(markUploading(queue, "k0"), "k0", {
      ok: false,
      reason: "plan-limit-reached",
      message: "You have used all 3 lab reports.",
    });
    expect(queue.map((f) => f.state)).toEqual(["refused", "refused", "refused"]);
    expect(queue[2]?.message).toBe("Not sent. You have used all 3 lab reports.");
    expect(nextWaiting(queue)).toBeNull();
  });

  it("keeps sending after a refusal that concerns one file only", () => {
    let queue = addFiles([], files(MB, MB), 20 * MB, "too large");
    queue = applyAnswer(markUploading(queue, "k0"), "k0", {
      ok: false,
      reason: "duplicate",
      message: "You uploaded this COA before.",
      reportId: "r-old",
    });
    expect(queue[0]).toMatchObject({ state: "refused", reportId: "r-old" });
    expect(nextWaiting(queue)?.key).toBe("k1");
  });

  it("takes at most one batch of files", () => {
    const many = Array.from({ length: MAX_BULK_FILES + 2 }, (_, i) => ({
      key: `k${i}`,
      name: `coa-${i}.pdf`,
      size: MB,
    }));
    const queue = addFiles([], many, 20 * MB, "too large");
    expect(queue.filter((f) => f.state === "waiting")).toHaveLength(MAX_BULK_FILES);
    expect(queue.at(-1)?.message).toMatch(/up to 50 files/);
  });
});

describe("the product picker's answer", () => {
  it("is the whole product when every variant is ticked", () => {
    const picked = pickedProduct([
      {
        id: "gid://shopify/Product/1",
        title: "Cherry Punch",
        totalVariants: 2,
        variants: [
          { id: "gid://shopify/ProductVariant/1", title: "3.5g" },
          { id: "gid://shopify/ProductVariant/2", title: "7g" },
        ],
      },
    ]);
    expect(picked).toMatchObject({ variantIds: [], variantTitles: [] });
    expect(productLine(picked!.title, picked!.variantTitles)).toBe("Cherry Punch — whole product");
  });

  it("keeps the variants chosen when only some are ticked", () => {
    const picked = pickedProduct([
      {
        id: "gid://shopify/Product/1",
        title: "Cherry Punch",
        totalVariants: 3,
        variants: [
          { id: "gid://shopify/ProductVariant/1", title: "3.5g" },
          { id: "gid://shopify/ProductVariant/2", title: "7g" },
        ],
      },
    ]);
    expect(picked?.variantIds).toEqual([
      "gid://shopify/ProductVariant/1",
      "gid://shopify/ProductVariant/2",
    ]);
    expect(productLine(picked!.title, picked!.variantTitles)).toBe(
      "Cherry Punch — variants 3.5g, 7g",
    );
  });

  it("is nothing when the picker is cancelled", () => {
    expect(pickedProduct(undefined)).toBeNull();
  });
});
