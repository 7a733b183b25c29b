import { describe, expect, it } from "vitest";
import { metricsAccess } from "./metrics-access.server";

const TOKEN = "a-long-metrics-token-123";

describe("metrics access", () => {
  it("does not exist without a configured token", () => {
    expect(metricsAccess(`Bearer ${TOKEN}`, undefined)).toBe("no-endpoint");
  });

  it("refuses a missing, wrong, prefixed or non-bearer credential", () => {
    expect(metricsAccess(null, TOKEN)).toBe("unauthorized");
    expect(metricsAccess("Bearer wrong", TOKEN)).toBe("unauthorized");
    expect(metricsAccess(`Bearer ${TOKEN}x`, TOKEN)).toBe("unauthorized");
    expect(metricsAccess(`Bearer ${TOKEN.slice(0, -1)}`, TOKEN)).toBe("unauthorized");
    expect(metricsAccess(`Basic ${TOKEN}`, TOKEN)).toBe("unauthorized");
  });

  it("grants the bearer of the configured token", () => {
    expect(metricsAccess(`Bearer ${TOKEN}`, TOKEN)).toBe("granted");
    expect(metricsAccess(`bearer ${TOKEN}`, TOKEN)).toBe("granted");
  });
});
