-- The backup probe account (docs/backup.md): a row of install_admins with status 'probe' whose
-- random password is kept sealed in sealed_secrets ('backup-probe-account'). Restore validation
-- checks that password against the probe's hash in the restored install database. A probe account
-- cannot sign in, is not listed and cannot be changed through the API.
alter table install_admins drop constraint install_admins_status_check;
alter table install_admins add constraint install_admins_status_check
    check (status in ('active', 'deactivated', 'probe'));
