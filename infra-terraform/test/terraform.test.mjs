// The offline checks on the real Terraform (modules/ and examples/) and on a deliberately broken
// fixture (fixtures/broken), which each check must reject. Run: node --test terraform.test.mjs (bin/test-peers
// installs the packages and builds hclfmt; the Maven test TerraformOfflineChecksIT runs this).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it, before } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  bucketProblems,
  formatProblems,
  iamProblems,
  loadTree,
  logGroupProblems,
  parseProblems,
  rateOf,
  scheduleProblems,
  variableProblems,
} from './checks.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const TERRAFORM = path.resolve(here, '..');
const BROKEN = path.join(here, 'fixtures', 'broken');
const HCLFMT = process.env.HCLFMT ?? path.resolve(here, '../../target/tools/hclfmt');

// The statements that must name resource "*", and why AWS requires it.
const KEY_POLICY = 'key policy: resource "*" is the key the policy is attached to, the only form AWS accepts';
const ALLOWED = {
  'modules/keys/administration/KeyAdministration': KEY_POLICY,
  'modules/keys/administration/BreakGlass': KEY_POLICY,
  'modules/keys/install_kek/FunctionsWrapAndUnwrap': KEY_POLICY,
  'modules/keys/data/ThroughDataServices': KEY_POLICY,
  'modules/keys/data/CloudWatchLogs': KEY_POLICY,
  'modules/function/this/NetworkInterfaces':
    'ec2:DescribeNetworkInterfaces has no resource-level permissions and Lambda creates the interfaces itself',
};

function problemsLike(problems, pattern) {
  return problems.filter((p) => pattern.test(p));
}

describe('the Terraform of modules/ and examples/', () => {
  let files;
  before(async () => {
    files = await loadTree(TERRAFORM, ['modules', 'examples']);
  });

  it('has the standard layout in every module and the example', () => {
    const modules = ['network', 'database', 'keys', 'storage', 'function', 'api', 'jobs', 'observability'];
    for (const dir of [...modules.map((m) => `modules/${m}`), 'examples/complete']) {
      for (const name of ['main.tf', 'variables.tf', 'outputs.tf', 'versions.tf']) {
        assert.ok(fs.existsSync(path.join(TERRAFORM, dir, name)), `${dir}/${name} is missing`);
      }
      if (dir.startsWith('modules/')) assert.ok(fs.existsSync(path.join(TERRAFORM, dir, 'README.md')), `${dir}/README.md is missing`);
    }
  });

  it('parses with hcl2json', () => {
    assert.deepEqual(parseProblems(files), []);
    assert.ok(files.length >= 36, `only ${files.length} .tf files found`);
  });

  it('is formatted as hclfmt formats it', () => {
    assert.ok(fs.existsSync(HCLFMT), `${HCLFMT} is missing: run bin/test-peers`);
    assert.deepEqual(formatProblems(files, HCLFMT), []);
  });

  it('scopes every IAM statement', () => {
    assert.deepEqual(iamProblems(files, ALLOWED), []);
  });

  it('types and describes every variable', () => {
    assert.deepEqual(variableProblems(files), []);
  });

  it('blocks public access to and encrypts every bucket', () => {
    assert.deepEqual(bucketProblems(files), []);
    assert.ok(files.some((f) => f.json?.resource?.aws_s3_bucket), 'no bucket found');
  });

  it('gives every log group a retention', () => {
    assert.deepEqual(logGroupProblems(files), []);
    assert.ok(files.some((f) => f.json?.resource?.aws_cloudwatch_log_group), 'no log group found');
  });

  it('schedules exactly the jobs of the registry file', () => {
    assert.deepEqual(scheduleProblems(files, TERRAFORM, 'modules/jobs'), []);
  });
});

describe('the deliberately broken fixture', () => {
  let files;
  before(async () => {
    files = await loadTree(BROKEN, ['modules']);
  });

  it('fails the parse check on the unclosed block', () => {
    const problems = parseProblems(files);
    assert.equal(problems.length, 1);
    assert.match(problems[0], /^modules\/bad\/unparseable\.tf: does not parse: .*unparseable\.tf:1,37-38: Unclosed configuration block/);
  });

  it('fails the formatting check on the crooked file only', () => {
    const parsed = files.filter((f) => f.error === null);
    assert.deepEqual(formatProblems(parsed, HCLFMT), [
      'modules/bad/unformatted.tf: not formatted as hclfmt formats it (first difference at line 2)',
    ]);
  });

  it('fails the IAM check on every unscoped statement and stale allowance', () => {
    const problems = iamProblems(files, { 'modules/bad/wide/Gone': 'a statement that was removed' });
    assert.deepEqual(problemsLike(problems, /wildcard action/), [
      'modules/bad/main.tf: aws_iam_policy_document.wide statement Everything allows the wildcard action s3:*',
    ]);
    assert.deepEqual(problemsLike(problems, /not scoped/), [
      'modules/bad/main.tf: aws_iam_policy_document.wide statement Everything is not scoped: resources *',
      'modules/bad/main.tf: aws_iam_policy_document.wide statement EveryBucket is not scoped: resources arn:aws:s3:::*',
    ]);
    assert.deepEqual(problemsLike(problems, /names no resources/), [
      'modules/bad/main.tf: aws_iam_policy_document.wide statement NoResources names no resources',
    ]);
    assert.equal(problemsLike(problems, /inline_json\.policy is not an aws_iam_policy_document/).length, 1);
    assert.equal(problemsLike(problems, /aws_iam_role_policy_attachment\.admin attaches a managed policy/).length, 1);
    assert.deepEqual(problemsLike(problems, /source_policy_documents/), [
      'modules/bad/main.tf: aws_iam_policy_document.merged has source_policy_documents that are not aws_iam_policy_document data sources',
    ]);
    assert.deepEqual(problemsLike(problems, /^allowance/), ['allowance modules/bad/wide/Gone matches no statement with resource "*"']);
    assert.equal(problems.length, 8);
  });

  it('fails the IAM check on a statement the allowance does not name, even with a reason elsewhere', () => {
    const problems = iamProblems(files, { 'modules/bad/wide/Everything': 'allowed for the test' });
    assert.equal(problemsLike(problems, /statement Everything is not scoped/).length, 0);
    assert.equal(problemsLike(problems, /statement EveryBucket is not scoped/).length, 1);
    assert.equal(problemsLike(problems, /wildcard action s3:\*/).length, 1, 'an allowance never permits a wildcard action');
  });

  it('fails the variable check on a missing type, a missing and a blank description', () => {
    assert.deepEqual(variableProblems(files), [
      'modules/bad/variables.tf: variable blank has no description',
      'modules/bad/variables.tf: variable undescribed has no description',
      'modules/bad/variables.tf: variable untyped has no type',
    ]);
  });

  it('fails the bucket check on a missing and a partial public access block and on weak encryption', () => {
    assert.deepEqual(bucketProblems(files), [
      'modules/bad/main.tf: public access block of aws_s3_bucket.half does not set block_public_policy = true',
      'modules/bad/main.tf: encryption of aws_s3_bucket.half is not SSE-KMS with a key of its own',
      'modules/bad/main.tf: aws_s3_bucket.open has no aws_s3_bucket_public_access_block',
      'modules/bad/main.tf: aws_s3_bucket.open has no aws_s3_bucket_server_side_encryption_configuration',
    ]);
  });

  it('fails the log group check on a group without retention and a function without a group', () => {
    assert.deepEqual(logGroupProblems(files), [
      'modules/bad/main.tf: aws_cloudwatch_log_group.forever has no retention_in_days',
      'modules/bad/main.tf: aws_lambda_function.default_logs has no logging_config.log_group, so Lambda would create a log group without retention',
    ]);
  });

  it('fails the schedule check on hand-written schedules and a drifted registry file', () => {
    const problems = scheduleProblems(files, BROKEN, 'modules/jobs');
    for (const expected of [
      /aws_scheduler_schedule\.stray is outside modules\/jobs/,
      /modules\/jobs\/main\.tf: aws_scheduler_schedule\.job: schedule_expression is "rate\(1 hour\)", not \$\{each\.value\.schedule_expression\}/,
      /aws_scheduler_schedule\.job: target input is .*audit-chain-verification.*not jsonencode/,
      /modules\/jobs: local\.registry does not read jobs\.generated\.json/,
      /modules\/jobs: local\.jobs is not the registry's jobs by name/,
      /job audit-chain-verification: schedule_expression rate\(1 hour\) is not rate\(15 minutes\), the rate of its cadence PT15M/,
      /job too-often: cadence PT30S is not a positive whole number of minutes/,
      /job Not_Kebab: name is not kebab-case/,
      /job too-often is listed twice/,
    ]) {
      assert.equal(problemsLike(problems, expected).length, 1, `${expected} not among:\n${problems.join('\n')}`);
    }
  });
});

describe('the rate of a cadence', () => {
  it('agrees with the expressions the registry file is generated with', () => {
    assert.equal(rateOf('PT1M'), 'rate(1 minute)');
    assert.equal(rateOf('PT15M'), 'rate(15 minutes)');
    assert.equal(rateOf('PT1H'), 'rate(1 hour)');
    assert.equal(rateOf('PT1H30M'), 'rate(90 minutes)');
    assert.equal(rateOf('PT24H'), 'rate(1 day)');
    assert.equal(rateOf('PT168H'), 'rate(7 days)');
    assert.equal(rateOf('PT36H'), 'rate(36 hours)');
  });

  it('refuses what EventBridge Scheduler cannot run', () => {
    assert.throws(() => rateOf('PT30S'), /not a positive whole number of minutes/);
    assert.throws(() => rateOf('PT1M0.5S'), /not a positive whole number of minutes/);
    assert.throws(() => rateOf('PT0S'), /not a positive whole number of minutes/);
    assert.throws(() => rateOf('P1D'), /not an ISO-8601 duration/);
  });
});
