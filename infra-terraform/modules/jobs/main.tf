data "aws_caller_identity" "current" {}

locals {
  # Generated from the job registry by dev.palisade.jobs.JobSchedulesFileIT, which fails when the
  # file and the registry differ: one schedule per job, with the job's default cadence.
  registry = jsondecode(file("${path.module}/jobs.generated.json"))
  jobs     = { for job in local.registry.jobs : job.name => job }
}

module "function" {
  source = "../function"

  function_name        = "${var.name}-jobs"
  description          = "Palisade scheduled jobs, one run per {\"job\": \"<name>\"} invocation"
  artifact_path        = var.artifact_path
  artifact_bucket      = var.artifact_bucket
  handler              = var.handler
  memory_mb            = var.memory_mb
  timeout_seconds      = var.timeout_seconds
  reserved_concurrency = var.reserved_concurrency
  snap_start           = var.snap_start
  environment          = var.environment
  log_group_name       = var.log_group_name
  log_group_arn        = var.log_group_arn
  platform             = var.platform
  tags                 = var.tags
}

# A failed run is recorded in job_runs and retried at the next cadence; Lambda does not run it again.
resource "aws_lambda_function_event_invoke_config" "jobs" {
  function_name          = module.function.function_name
  qualifier              = module.function.alias_name
  maximum_retry_attempts = 0
}

resource "aws_sqs_queue" "dead_letter" {
  name                      = "${var.name}-job-schedules-dlq"
  message_retention_seconds = var.dead_letter_retention_seconds
  sqs_managed_sse_enabled   = true
  tags                      = var.tags
}

data "aws_iam_policy_document" "scheduler_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["scheduler.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}

data "aws_iam_policy_document" "scheduler" {
  statement {
    sid       = "InvokeTheJobFunction"
    actions   = ["lambda:InvokeFunction"]
    resources = [module.function.alias_arn]
  }

  statement {
    sid       = "DeadLetters"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.dead_letter.arn]
  }
}

resource "aws_iam_role" "scheduler" {
  name               = "${var.name}-job-schedules"
  assume_role_policy = data.aws_iam_policy_document.scheduler_assume.json
  tags               = var.tags
}

resource "aws_iam_role_policy" "scheduler" {
  name   = "invoke-jobs"
  role   = aws_iam_role.scheduler.id
  policy = data.aws_iam_policy_document.scheduler.json
}

resource "aws_scheduler_schedule_group" "jobs" {
  name = "${var.name}-jobs"
  tags = var.tags

  lifecycle {
    precondition {
      condition     = length(setsubtract(var.disabled_jobs, keys(local.jobs))) == 0
      error_message = "disabled_jobs names a job that is not in jobs.generated.json."
    }
  }
}

resource "aws_scheduler_schedule" "job" {
  for_each = local.jobs

  name                = each.key
  group_name          = aws_scheduler_schedule_group.jobs.name
  description         = "Runs the ${each.key} job (cadence ${each.value.cadence})"
  schedule_expression = each.value.schedule_expression
  state               = contains(var.disabled_jobs, each.key) ? "DISABLED" : "ENABLED"

  flexible_time_window {
    mode = "OFF"
  }

  target {
    arn      = module.function.alias_arn
    role_arn = aws_iam_role.scheduler.arn
    input    = jsonencode({ job = each.key })

    retry_policy {
      maximum_retry_attempts       = var.retry_attempts
      maximum_event_age_in_seconds = var.max_event_age_seconds
    }

    dead_letter_config {
      arn = aws_sqs_queue.dead_letter.arn
    }
  }

  depends_on = [aws_iam_role_policy.scheduler]
}
