/** A link to the same page with some query parameters changed; empty values are dropped. */
export function href(path: string, query: Record<string, string>, changes: Record<string, string | null> = {}): string {
  const merged: Record<string, string> = { ...query };
  for (const [k, v] of Object.entries(changes)) {
    if (v === null || v === "") delete merged[k];
    else merged[k] = v;
  }
  const qs = Object.keys(merged)
    .sort()
    .map((k) => `${encodeURIComponent(k)}=${encodeURIComponent(merged[k])}`)
    .join("&");
  return qs ? `${path}?${qs}` : path;
}

/** The path segment for an organization slug (slugs are [a-z0-9-], encoded anyway). */
export function orgPath(slug: string, page: string): string {
  return `/console/orgs/${encodeURIComponent(slug)}/${page}`;
}

/** Submits a GET filter form as a link without its empty fields, so the address stays short. */
export function submitFilters(e: { preventDefault(): void; currentTarget: HTMLFormElement }) {
  e.preventDefault();
  const form = e.currentTarget;
  const params: Record<string, string> = {};
  new FormData(form).forEach((v, k) => {
    const value = String(v).trim();
    if (value) params[k] = value;
  });
  window.location.assign(href(form.getAttribute("action") ?? window.location.pathname, params));
}
