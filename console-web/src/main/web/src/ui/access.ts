import type { PageProps } from "../types";

/**
 * Whether the caller holds `permission` in the page's organization, as GET /api/v1/me answered it
 * (the organization pages carry it as `data.access`). Decides what the page shows; the API still
 * decides what the caller may do.
 */
export function can(props: PageProps, permission: string): boolean {
  const granted: unknown = props.data?.access?.permissions;
  return Array.isArray(granted) && granted.includes(permission);
}
