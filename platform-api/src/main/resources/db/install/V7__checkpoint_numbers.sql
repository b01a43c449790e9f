-- Checkpoints of a chain are numbered 1, 2, 3, ... without gaps, and the number is signed
-- (message version 2), so that a deleted checkpoint leaves a gap or falls below the newest
-- number kept outside this database. Checkpoints signed before this version keep their version 1
-- signature (which does not cover the number) and are numbered here in sequence order.
alter table audit_checkpoints add column number bigint;
alter table audit_checkpoints add column version smallint not null default 1;
update audit_checkpoints c
   set number = n.number
  from (select chain_id, sequence,
               row_number() over (partition by chain_id order by sequence) as number
          from audit_checkpoints) n
 where c.chain_id = n.chain_id and c.sequence = n.sequence;
alter table audit_checkpoints alter column number set not null;
alter table audit_checkpoints alter column version set default 2;
alter table audit_checkpoints add constraint audit_checkpoints_number unique (chain_id, number);
