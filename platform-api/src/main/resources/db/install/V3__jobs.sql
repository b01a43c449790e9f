-- Runs of scheduled jobs. One row per run, written by JobRunner when the run starts and completed
-- when it ends; a row left 'running' by a crashed instance is closed by the next run of that job.
create table job_runs (
    id           uuid        primary key,
    job          text        not null,
    trigger      text        not null check (trigger in ('schedule', 'manual', 'external')),
    triggered_by text,
    instance     text        not null,
    started_at   timestamptz not null,
    ended_at     timestamptz,
    status       text        not null
                 check (status in ('running', 'success', 'failed', 'partial', 'skipped')),
    summary      text
);
create index job_runs_job on job_runs (job, started_at desc, id desc);
create index job_runs_started on job_runs (started_at desc, id desc);
create index job_runs_status on job_runs (status, started_at desc, id desc);
