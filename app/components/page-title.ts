/** Every page's <title>: what the page is, then the app (WCAG 2.4.2). */
export function pageTitle(page: string): string {
  return `${page} · Heady Lab Results`;
}

/** The title of a page whose loader failed: a missing record or an error. */
export function errorPageTitle(error: unknown): string {
  const status =
    typeof error === "object" && error !== null && "status" in error ? error.status : null;
  return pageTitle(status === 404 ? "Page not found" : "Something went wrong");
}
