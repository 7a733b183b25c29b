import { describe, expect, it } from "vitest";
import { isOpsPath } from "./ops-frame-protection.server";

describe("which paths are the operator console", () => {
  it("covers the console, its pages, data requests and exports, however the path is spelled", () => {
    for (const path of [
      "/ops",
      "/ops/login",
      "/ops?_data=routes%2Fops",
      "/ops/reports.csv",
      "/OPS/Login",
      "//ops/activity",
      "/%6Fps/login",
    ]) {
      expect(isOpsPath(path), path).toBe(true);
    }
  });

  it("leaves the embedded merchant pages alone (Shopify's admin frames them)", () => {
    for (const path of [
      "/app",
      "/app/lab-reports",
      "/auth/login",
      "/opsx",
      "/webhooks/app/uninstalled",
    ]) {
      expect(isOpsPath(path), path).toBe(false);
    }
  });
});
