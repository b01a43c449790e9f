-- The install that owns this database. The template of each install carries its row, so every
-- organization database copied from it does too; an install never migrates, uses or drops a
-- database whose row names another install (databases created before this table existed are
-- claimed by the install that has them registered, at its next start).
create table palisade_install (
    id          smallint    primary key default 1 check (id = 1),
    install_id  uuid        not null,
    claimed_at  timestamptz not null default now()
);
