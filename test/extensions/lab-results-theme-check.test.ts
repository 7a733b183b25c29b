import { themeCheckRun } from "@shopify/theme-check-node";
import { describe, expect, it } from "vitest";

const extension = new URL("../../extensions/lab-results", import.meta.url).pathname;

describe("the lab-results theme app extension", () => {
  it("passes Shopify's Theme Check with no offence (app-block rules included)", async () => {
    const { offenses } = await themeCheckRun(extension, undefined, () => {});
    const found = offenses.map((o) => `${o.check} line ${o.start.line + 1}: ${o.message}`);
    expect(found).toEqual([]);
  });
});
