-- An install admin's tokens carry the epoch they were issued in (see the members table).
alter table install_admins add column token_epoch integer not null default 0;
