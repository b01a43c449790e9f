-- Backup runs and their restore validations (docs/backup.md). A backup's files live in its target
-- (PALISADE_HOME/backups/<id>/ by default); these rows say what was dumped, how it went and whether
-- a restore of it was proven.
create table backups (
    id              uuid        primary key,
    state           text        not null check (state in ('running', 'completed', 'failed')),
    trigger         text        not null,
    requested_by    text        not null,
    location        text        not null,
    started_at      timestamptz not null,
    ended_at        timestamptz,
    size_bytes      bigint,
    databases       text,
    manifest_sha256 text,
    detail          text,
    evidence_id     uuid,
    expired_at      timestamptz
);
create index backups_started on backups (started_at desc);

create table backup_validations (
    id               uuid        primary key,
    backup_id        uuid        not null references backups (id),
    state            text        not null check (state in ('running', 'passed', 'failed')),
    trigger          text        not null,
    requested_by     text        not null,
    started_at       timestamptz not null,
    ended_at         timestamptz,
    steps            text,
    failed_database  text,
    failed_step      text,
    detail           text,
    restore_millis   bigint,
    backup_age_millis bigint
);
create index backup_validations_backup on backup_validations (backup_id, started_at desc);
