import { Session } from "@shopify/shopify-api";
import { TEST_ENV } from "./requests";

/** The shop's offline session as install leaves it: its token and refresh token good for an hour. */
export function offlineSession(shop: string, accessToken: string): Session {
  const inAnHour = new Date(Date.now() + 3_600_000);
  return new Session({
    id: `offline_${shop}`,
    shop,
    state: "installed",
    isOnline: false,
    scope: TEST_ENV.SCOPES,
    accessToken,
    expires: inAnHour,
    refreshToken: accessToken.replace(/^shpat_/, "shprt_"),
    refreshTokenExpires: inAnHour,
  });
}
