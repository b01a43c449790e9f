output "api_log_group_name" {
  description = "Log group of the API function."
  value       = aws_cloudwatch_log_group.function["api"].name
}

output "api_log_group_arn" {
  description = "ARN of the API function's log group."
  value       = aws_cloudwatch_log_group.function["api"].arn
}

output "jobs_log_group_name" {
  description = "Log group of the job function."
  value       = aws_cloudwatch_log_group.function["jobs"].name
}

output "jobs_log_group_arn" {
  description = "ARN of the job function's log group."
  value       = aws_cloudwatch_log_group.function["jobs"].arn
}

output "api_access_log_group_arn" {
  description = "ARN of the HTTP API's access log group."
  value       = aws_cloudwatch_log_group.api_access.arn
}

output "alarm_names" {
  description = "Names of the CloudWatch alarms."
  value       = concat([for a in aws_cloudwatch_metric_alarm.metric : a.alarm_name], [for a in aws_cloudwatch_metric_alarm.ratio : a.alarm_name])
}
