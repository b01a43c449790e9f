// Offline checks of the Terraform: every .tf parses (hcl2json), is formatted as hclfmt formats it,
// and the parsed form is scoped, typed, encrypted and follows the job registry. Each check returns
// a list of problems, "<file>: <what is wrong>"; an empty list means the check passes.
import { parse } from '@cdktf/hcl2json';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** Every .tf file under root (sorted), read and parsed; `json` is null when it does not parse. */
export async function loadTree(root, dirs) {
  const files = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && !entry.name.startsWith('.')) walk(full);
      else if (entry.isFile() && entry.name.endsWith('.tf')) files.push(full);
    }
  };
  for (const dir of dirs) walk(path.join(root, dir));
  const out = [];
  for (const full of files) {
    const text = fs.readFileSync(full, 'utf8');
    const rel = path.relative(root, full);
    let json = null;
    let error = null;
    try {
      json = await parse(rel, text);
    } catch (e) {
      error = String(e.message ?? e).split('\n')[0];
    }
    out.push({ file: rel, module: path.dirname(rel), full, text, json, error });
  }
  return out;
}

export function parseProblems(files) {
  const problems = files.filter((f) => f.error !== null).map((f) => `${f.file}: does not parse: ${f.error}`);
  if (files.length === 0) problems.push('no .tf files found');
  return problems;
}

/** Files whose text differs from what hclfmt makes of it. */
export function formatProblems(files, hclfmt) {
  const problems = [];
  for (const f of files) {
    let formatted;
    try {
      formatted = execFileSync(hclfmt, [f.full], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      problems.push(`${f.file}: hclfmt failed: ${String(e.stderr || e.message).trim().split('\n')[0]}`);
      continue;
    }
    if (formatted !== f.text) {
      const a = f.text.split('\n');
      const b = formatted.split('\n');
      let line = 0;
      while (line < a.length && a[line] === b[line]) line++;
      problems.push(`${f.file}: not formatted as hclfmt formats it (first difference at line ${line + 1})`);
    }
  }
  return problems;
}

function* blocks(files, kind, type) {
  for (const f of files) {
    const group = f.json?.[kind]?.[type];
    if (!group) continue;
    for (const [name, list] of Object.entries(group)) {
      for (const body of list) yield { f, name, body };
    }
  }
}

function locals(files, module) {
  const out = {};
  for (const f of files) {
    if (f.module !== module) continue;
    for (const l of f.json?.locals ?? []) Object.assign(out, l);
  }
  return out;
}

/** A list attribute, with a reference to a local list of the same module resolved. */
function list(files, module, value) {
  const ref = typeof value === 'string' && /^\$\{local\.([A-Za-z0-9_]+)\}$/.exec(value);
  if (ref) value = locals(files, module)[ref[1]];
  return Array.isArray(value) ? value : null;
}

const DOCUMENT = /^\$\{data\.aws_iam_policy_document\.[A-Za-z0-9_-]+\.json\}$/;
const WHOLE_SERVICE = /^arn:[^:]*:[^:]*:[^:]*:[^:]*:\*$/;
const POLICY_ATTRIBUTES = {
  aws_iam_role: ['assume_role_policy'],
  aws_iam_role_policy: ['policy'],
  aws_iam_policy: ['policy'],
  aws_iam_user_policy: ['policy'],
  aws_iam_group_policy: ['policy'],
  aws_kms_key: ['policy'],
  aws_s3_bucket_policy: ['policy'],
  aws_sqs_queue_policy: ['policy'],
  aws_sns_topic_policy: ['policy'],
};

/**
 * Every IAM statement is scoped: policies are aws_iam_policy_document data sources (so their
 * statements can be read here), Allow statements name actions without wildcards, and every
 * statement that is not a trust policy names resources other than "*" and other than every
 * resource of a service, unless `allowed` lists it as "<module>/<document>/<sid>" with a reason.
 * An allowance that matches no statement is a problem too, so that none outlives its statement.
 */
export function iamProblems(files, allowed) {
  const problems = [];
  const used = new Set();
  for (const [type, attributes] of Object.entries(POLICY_ATTRIBUTES)) {
    for (const { f, name, body } of blocks(files, 'resource', type)) {
      for (const attribute of attributes) {
        const value = body[attribute];
        if (value !== undefined && !DOCUMENT.test(value)) {
          problems.push(`${f.file}: ${type}.${name}.${attribute} is not an aws_iam_policy_document, so its statements cannot be checked`);
        }
      }
      if (body.inline_policy) problems.push(`${f.file}: ${type}.${name} has an inline_policy block; use aws_iam_role_policy`);
    }
  }
  for (const { f, name, body } of blocks(files, 'resource', 'aws_iam_role_policy_attachment')) {
    problems.push(`${f.file}: aws_iam_role_policy_attachment.${name} attaches a managed policy, whose statements cannot be checked here`);
  }
  for (const { f, name, body } of blocks(files, 'data', 'aws_iam_policy_document')) {
    const sources = [...(body.source_policy_documents ?? []), ...(body.override_policy_documents ?? [])];
    if (!Array.isArray(sources) || sources.some((d) => !DOCUMENT.test(d))) {
      problems.push(`${f.file}: aws_iam_policy_document.${name} has source_policy_documents that are not aws_iam_policy_document data sources`);
    }
    (body.statement ?? []).forEach((s, i) => {
      const where = `${f.file}: aws_iam_policy_document.${name} statement ${s.sid ?? '#' + (i + 1)}`;
      const effect = s.effect ?? 'Allow';
      if (s.not_actions || s.not_resources || s.not_principals) {
        problems.push(`${where} uses not_actions, not_resources or not_principals`);
      }
      const actions = list(files, f.module, s.actions);
      if (!actions || actions.length === 0) {
        problems.push(`${where} has no literal list of actions`);
        return;
      }
      if (effect === 'Allow') {
        for (const a of actions.filter((a) => a.includes('*'))) problems.push(`${where} allows the wildcard action ${a}`);
      }
      const trust = s.principals && actions.every((a) => /^sts:AssumeRole(WithWebIdentity|WithSAML)?$/.test(a) || a === 'sts:TagSession');
      if (trust && !s.resources) return;
      const resources = list(files, f.module, s.resources);
      if (!resources || resources.length === 0) {
        problems.push(`${where} names no resources`);
        return;
      }
      const broad = resources.filter((r) => r === '*' || WHOLE_SERVICE.test(r));
      if (broad.length === 0) return;
      const key = `${f.module}/${name}/${s.sid ?? ''}`;
      if (allowed[key]) used.add(key);
      else problems.push(`${where} is not scoped: resources ${broad.join(', ')}`);
    });
  }
  for (const key of Object.keys(allowed)) {
    if (!used.has(key)) problems.push(`allowance ${key} matches no statement with resource "*"`);
  }
  return problems;
}

/** Every variable has a type and a description. */
export function variableProblems(files) {
  const problems = [];
  for (const f of files) {
    for (const [name, list] of Object.entries(f.json?.variable ?? {})) {
      for (const v of list) {
        if (!v.type) problems.push(`${f.file}: variable ${name} has no type`);
        if (typeof v.description !== 'string' || v.description.trim() === '') {
          problems.push(`${f.file}: variable ${name} has no description`);
        }
      }
    }
  }
  return problems;
}

function refersTo(value, address) {
  return typeof value === 'string' && value.startsWith('${' + address + '.');
}

/** Every bucket has a public access block that blocks everything, and SSE-KMS encryption. */
export function bucketProblems(files) {
  const problems = [];
  const pabs = [...blocks(files, 'resource', 'aws_s3_bucket_public_access_block')];
  const sses = [...blocks(files, 'resource', 'aws_s3_bucket_server_side_encryption_configuration')];
  for (const { f, name } of blocks(files, 'resource', 'aws_s3_bucket')) {
    const address = `aws_s3_bucket.${name}`;
    const pab = pabs.find((p) => p.f.module === f.module && refersTo(p.body.bucket, address));
    if (!pab) {
      problems.push(`${f.file}: ${address} has no aws_s3_bucket_public_access_block`);
    } else {
      for (const flag of ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets']) {
        if (pab.body[flag] !== true) problems.push(`${pab.f.file}: public access block of ${address} does not set ${flag} = true`);
      }
    }
    const sse = sses.find((p) => p.f.module === f.module && refersTo(p.body.bucket, address));
    const rule = sse?.body.rule?.[0]?.apply_server_side_encryption_by_default?.[0];
    if (!sse) {
      problems.push(`${f.file}: ${address} has no aws_s3_bucket_server_side_encryption_configuration`);
    } else if (rule?.sse_algorithm !== 'aws:kms' || !rule?.kms_master_key_id) {
      problems.push(`${sse.f.file}: encryption of ${address} is not SSE-KMS with a key of its own`);
    }
  }
  return problems;
}

/** Every log group has a retention, and every function writes to a log group declared here. */
export function logGroupProblems(files) {
  const problems = [];
  for (const { f, name, body } of blocks(files, 'resource', 'aws_cloudwatch_log_group')) {
    const r = body.retention_in_days;
    if (r === undefined || r === 0 || r === '0') problems.push(`${f.file}: aws_cloudwatch_log_group.${name} has no retention_in_days`);
  }
  for (const { f, name, body } of blocks(files, 'resource', 'aws_lambda_function')) {
    if (!body.logging_config?.[0]?.log_group) {
      problems.push(`${f.file}: aws_lambda_function.${name} has no logging_config.log_group, so Lambda would create a log group without retention`);
    }
  }
  return problems;
}

const ISO = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?$/;

/** The EventBridge Scheduler rate expression of an ISO-8601 cadence as java.time.Duration writes it. */
export function rateOf(cadence) {
  const m = ISO.exec(cadence);
  if (!m || cadence === 'PT') throw new Error(`cadence ${cadence} is not an ISO-8601 duration of hours, minutes and seconds`);
  const seconds = Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
  if (seconds <= 0 || seconds % 60 !== 0) throw new Error(`cadence ${cadence} is not a positive whole number of minutes`);
  const minutes = seconds / 60;
  const [value, unit] = minutes % 1440 === 0 ? [minutes / 1440, 'day'] : minutes % 60 === 0 ? [minutes / 60, 'hour'] : [minutes, 'minute'];
  return `rate(${value} ${unit}${value === 1 ? '' : 's'})`;
}

const SCHEDULE = {
  for_each: '${local.jobs}',
  name: '${each.key}',
  schedule_expression: '${each.value.schedule_expression}',
};
const REGISTRY_LOCAL = '${jsondecode(file("${path.module}/jobs.generated.json"))}';
const JOBS_LOCAL = '${{ for job in local.registry.jobs : job.name => job }}';

/**
 * The job schedules are the registry file's: the only aws_scheduler_schedule is one per entry of
 * <jobsModule>/jobs.generated.json (for_each over it, its name and expression, input {"job": name}),
 * and every entry's expression is its cadence's rate.
 */
export function scheduleProblems(files, root, jobsModule) {
  const problems = [];
  const schedules = [...blocks(files, 'resource', 'aws_scheduler_schedule')];
  if (schedules.length === 0) problems.push('no aws_scheduler_schedule found');
  for (const { f, name, body } of schedules) {
    const where = `${f.file}: aws_scheduler_schedule.${name}`;
    if (f.module !== jobsModule) problems.push(`${where} is outside ${jobsModule}, so it does not follow the job registry`);
    for (const [attribute, expected] of Object.entries(SCHEDULE)) {
      if (body[attribute] !== expected) problems.push(`${where}: ${attribute} is ${JSON.stringify(body[attribute])}, not ${expected} from the registry file`);
    }
    const input = body.target?.[0]?.input;
    if ((input ?? '').replace(/\s+/g, '') !== '${jsonencode({job=each.key})}') {
      problems.push(`${where}: target input is ${JSON.stringify(input)}, not jsonencode({ job = each.key })`);
    }
  }
  const l = locals(files, jobsModule);
  if (l.registry !== REGISTRY_LOCAL) problems.push(`${jobsModule}: local.registry does not read jobs.generated.json`);
  if (l.jobs !== JOBS_LOCAL) problems.push(`${jobsModule}: local.jobs is not the registry's jobs by name`);
  const file = path.join(root, jobsModule, 'jobs.generated.json');
  let registry;
  try {
    registry = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    problems.push(`${jobsModule}/jobs.generated.json: ${e.message}`);
    return problems;
  }
  const jobs = registry.jobs ?? [];
  if (jobs.length === 0) problems.push(`${jobsModule}/jobs.generated.json lists no jobs`);
  const seen = new Set();
  for (const job of jobs) {
    const where = `${jobsModule}/jobs.generated.json: job ${job.name}`;
    if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(job.name ?? '')) problems.push(`${where}: name is not kebab-case`);
    if (seen.has(job.name)) problems.push(`${where} is listed twice`);
    seen.add(job.name);
    let rate;
    try {
      rate = rateOf(job.cadence ?? '');
    } catch (e) {
      problems.push(`${where}: ${e.message}`);
      continue;
    }
    if (job.schedule_expression !== rate) problems.push(`${where}: schedule_expression ${job.schedule_expression} is not ${rate}, the rate of its cadence ${job.cadence}`);
  }
  return problems;
}
