-- Audit exports written to the organization's storage binding as verifiable bundles
-- (docs/audit-log.md#exports-to-storage). A row exists only for a bundle that was written
-- completely; it names the binding and the object the bundle is in.
create table audit_exports (
  id uuid primary key,
  created_at timestamptz not null,
  format text not null check (format in ('ndjson', 'json')),
  filters jsonb not null default '{}',
  binding_id uuid not null references storage_bindings (id),
  object_key text not null,
  size bigint not null check (size >= 0),
  sha256 text not null,
  entries bigint not null check (entries >= 0),
  chain_sequence bigint not null check (chain_sequence >= 0),
  requester text not null
);
create index audit_exports_newest on audit_exports (created_at desc, id);
