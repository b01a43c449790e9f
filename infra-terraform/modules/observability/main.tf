resource "aws_cloudwatch_log_group" "function" {
  for_each          = toset(["api", "jobs"])
  name              = "/palisade/${var.name}/${each.key}"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn
  tags              = var.tags
}

resource "aws_cloudwatch_log_group" "api_access" {
  name              = "/palisade/${var.name}/api-access"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn
  tags              = var.tags
}

locals {
  api     = { ApiId = var.api_id, Stage = "$default" }
  proxy   = { ProxyName = var.db_proxy_name }
  api_fn  = { FunctionName = var.api_function_name }
  jobs_fn = { FunctionName = var.job_function_name }

  # One alarm on one metric each; `mirrors` names the rule of docs/alerts/ it stands for in the
  # Cloud shape ("" for Cloud-only alarms).
  metric_alarms = {
    "api-slow-requests" = {
      mirrors     = "PalisadeSlowRequests"
      description = "p99 API latency is above ${var.slow_request_ms} ms for 15 minutes"
      namespace   = "AWS/ApiGateway", metric = "Latency", dimensions = local.api
      statistic   = null, extended_statistic = "p99", period = 300, periods = 3
      comparison  = "GreaterThanThreshold", threshold = var.slow_request_ms
    }
    "api-function-errors" = {
      mirrors     = "PalisadeDown"
      description = "The API function crashes, times out or fails to start (a problem+json answer is not an error)"
      namespace   = "AWS/Lambda", metric = "Errors", dimensions = local.api_fn
      statistic   = "Sum", extended_statistic = null, period = 60, periods = 2
      comparison  = "GreaterThanThreshold", threshold = 0
    }
    "api-throttled" = {
      mirrors     = ""
      description = "The API function refused requests at its reserved concurrency"
      namespace   = "AWS/Lambda", metric = "Throttles", dimensions = local.api_fn
      statistic   = "Sum", extended_statistic = null, period = 300, periods = 2
      comparison  = "GreaterThanThreshold", threshold = 0
    }
    "job-function-errors" = {
      mirrors     = "PalisadeJobFailing"
      description = "The job function failed three times within an hour"
      namespace   = "AWS/Lambda", metric = "Errors", dimensions = local.jobs_fn
      statistic   = "Sum", extended_statistic = null, period = 3600, periods = 1
      comparison  = "GreaterThanOrEqualToThreshold", threshold = 3
    }
    "job-schedules-undelivered" = {
      mirrors     = ""
      description = "A job schedule could not invoke the job function; the invocation is in the dead-letter queue"
      namespace   = "AWS/SQS", metric = "ApproximateNumberOfMessagesVisible", dimensions = { QueueName = var.dead_letter_queue_name }
      statistic   = "Maximum", extended_statistic = null, period = 300, periods = 1
      comparison  = "GreaterThanThreshold", threshold = 0
    }
  }

  # Alarms on the ratio of two metrics of the same namespace and dimensions, over 5-minute periods.
  ratio_alarms = {
    "api-server-errors" = {
      mirrors     = "PalisadeServerErrors"
      description = "More than ${var.server_error_ratio * 100}% of API requests fail with 5xx for 10 minutes"
      namespace   = "AWS/ApiGateway", dimensions = local.api
      part        = { metric = "5xx", stat = "Sum" }
      whole       = { metric = "Count", stat = "Sum" }
      periods     = 2, threshold = var.server_error_ratio
    }
    "database-connections-near-cap" = {
      mirrors     = "PalisadeTenantConnectionsNearCap"
      description = "The RDS Proxy uses more than 90% of the database connections it may open for 10 minutes"
      namespace   = "AWS/RDS", dimensions = local.proxy
      part        = { metric = "DatabaseConnections", stat = "Maximum" }
      whole       = { metric = "MaxDatabaseConnectionsAllowed", stat = "Minimum" }
      periods     = 2, threshold = 0.9
    }
  }
}

resource "aws_cloudwatch_metric_alarm" "metric" {
  for_each            = local.metric_alarms
  alarm_name          = "${var.name}-${each.key}"
  alarm_description   = each.value.mirrors == "" ? each.value.description : "${each.value.description} (${each.value.mirrors})"
  namespace           = each.value.namespace
  metric_name         = each.value.metric
  dimensions          = each.value.dimensions
  statistic           = each.value.statistic
  extended_statistic  = each.value.extended_statistic
  period              = each.value.period
  evaluation_periods  = each.value.periods
  comparison_operator = each.value.comparison
  threshold           = each.value.threshold
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_actions
  ok_actions          = var.alarm_actions
  tags                = var.tags
}

resource "aws_cloudwatch_metric_alarm" "ratio" {
  for_each            = local.ratio_alarms
  alarm_name          = "${var.name}-${each.key}"
  alarm_description   = "${each.value.description} (${each.value.mirrors})"
  comparison_operator = "GreaterThanThreshold"
  threshold           = each.value.threshold
  evaluation_periods  = each.value.periods
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_actions
  ok_actions          = var.alarm_actions
  tags                = var.tags

  metric_query {
    id          = "ratio"
    expression  = "IF(whole > 0, part / whole, 0)"
    label       = each.key
    return_data = true
  }

  dynamic "metric_query" {
    for_each = { part = each.value.part, whole = each.value.whole }
    content {
      id = metric_query.key
      metric {
        namespace   = each.value.namespace
        metric_name = metric_query.value.metric
        dimensions  = each.value.dimensions
        period      = 300
        stat        = metric_query.value.stat
      }
    }
  }
}
