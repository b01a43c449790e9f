-- A member's tokens carry the epoch they were issued in; deactivation and a role change move it
-- on, so tokens issued before stay refused even after a reactivation.
alter table members add column token_epoch integer not null default 0;

-- Invitations can be revoked (by an admin, or with the member who issued them).
alter table invitations add column revoked_at timestamptz;
alter table invitations add column revoked_by text;
