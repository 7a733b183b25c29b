import { useEffect, useRef } from "react";
import { useRevalidator } from "@remix-run/react";

/**
 * Whether a poll should ask for the page's data again now. A revalidation still under way is
 * waited for, but not for ever: the router can leave its revalidation state at "loading" when a
 * navigation of the page's own (a search parameter changed, a form sent) interrupts it, and a page
 * that trusted that state would stop updating. Past `stalledAfterMs` the poll asks again, which
 * interrupts whatever load is hanging.
 */
export function shouldPoll(
  state: "idle" | "loading",
  pendingSince: number | null,
  now: number,
  stalledAfterMs: number,
): boolean {
  if (state === "idle") return true;
  return pendingSince !== null && now - pendingSince >= stalledAfterMs;
}

/** Revalidates the route's data every `intervalMs` while `active`. */
export function usePolling(active: boolean, intervalMs: number): void {
  const revalidator = useRevalidator();
  const latest = useRef(revalidator);
  latest.current = revalidator;
  const pendingSince = useRef<number | null>(null);
  // When the data was last seen on its way (by a poll or by anything else that revalidates).
  useEffect(() => {
    if (revalidator.state === "idle") pendingSince.current = null;
    else pendingSince.current ??= Date.now();
  }, [revalidator.state]);
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => {
      const now = Date.now();
      const { state, revalidate } = latest.current;
      if (!shouldPoll(state, pendingSince.current, now, intervalMs * 3)) return;
      pendingSince.current = now;
      revalidate();
    }, intervalMs);
    return () => clearInterval(timer);
  }, [active, intervalMs]);
}
