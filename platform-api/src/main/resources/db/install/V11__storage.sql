-- Directories organizations use as local_filesystem_dedicated storage: no two organizations may
-- hold the same directory or one inside another's.
create table storage_dedicated_paths (
  path text primary key,
  org_id uuid not null
);
