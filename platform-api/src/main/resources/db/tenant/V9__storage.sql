-- Storage bindings of the organization: where file contents live. Exactly one is active; every
-- organization starts on the install's bundled storage. Credentials are sealed under the
-- organization's keyring (sealed_secrets, keyring version sealed_key_version).
create table storage_bindings (
  id uuid primary key,
  type text not null,
  settings jsonb not null default '{}',
  sealed_secrets bytea,
  sealed_key_version integer,
  status text not null check (status in ('active', 'inactive')),
  validation jsonb,
  validation_result text check (validation_result in ('passed', 'failed')),
  validated_at timestamptz,
  created_at timestamptz not null,
  activated_at timestamptz
);
create unique index storage_bindings_one_active on storage_bindings ((true)) where status = 'active';
insert into storage_bindings (id, type, status, created_at, activated_at)
  values (gen_random_uuid(), 'bundled', 'active', now(), now());

-- File metadata: the key a user chose, and where its content is (binding and object name).
create table storage_objects (
  key text primary key collate "C",
  size bigint not null check (size >= 0),
  sha256 text not null,
  content_type text not null,
  binding_id uuid not null references storage_bindings (id),
  object_name text not null,
  created_at timestamptz not null
);
create index storage_objects_binding on storage_objects (binding_id);

-- Migration runs from one binding to another, and each object they move.
create table storage_migrations (
  id uuid primary key,
  source_binding_id uuid not null references storage_bindings (id),
  target_binding_id uuid not null references storage_bindings (id),
  state text not null check (state in ('pending', 'running', 'completed', 'failed', 'cancelled')),
  keep_sources boolean not null,
  reason text,
  created_at timestamptz not null,
  started_at timestamptz,
  finished_at timestamptz,
  last_error text
);
create unique index storage_migrations_one_active on storage_migrations ((true))
  where state in ('pending', 'running');

create table storage_migration_items (
  migration_id uuid not null references storage_migrations (id),
  key text not null collate "C",
  source_binding_id uuid not null references storage_bindings (id),
  source_object text not null,
  target_object text not null,
  size bigint not null,
  sha256 text not null,
  state text not null check (state in ('pending', 'verified', 'failed', 'skipped')),
  copied boolean not null default false,
  attempts integer not null default 0,
  next_attempt_at timestamptz,
  last_error text,
  primary key (migration_id, key)
);
create index storage_migration_items_pending on storage_migration_items (migration_id, key)
  where state = 'pending';
