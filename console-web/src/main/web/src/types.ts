/** A problem document (RFC 9457) as the platform API answers errors. */
export type Problem = {
  type?: string;
  title: string;
  status: number;
  detail?: string;
  code?: string;
  field?: string;
  requestId?: string;
};

/** Who is signed in, as far as the console needs to know to hide what the caller cannot do. */
export type Session = {
  kind: "install" | "member";
  /** the organization a member signed in to; null for install admins */
  org: string | null;
  /** the role the token was issued with; the API checks the current role on every call */
  role: string | null;
};

/** Everything a page is rendered from, on the server and again in the browser. */
export type PageProps = {
  page: string;
  path: string;
  query: Record<string, string>;
  session: Session | null;
  csrf: string;
  data: Json;
  problem: Problem | null;
  now: string;
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;
