output "function_name" {
  description = "Name of the job function."
  value       = module.function.function_name
}

output "role_arn" {
  description = "IAM role of the job function (give it to the keys module)."
  value       = module.function.role_arn
}

output "schedules" {
  description = "Each job's schedule expression, as created."
  value       = { for name, schedule in aws_scheduler_schedule.job : name => schedule.schedule_expression }
}

output "dead_letter_queue_arn" {
  description = "Queue that receives invocations EventBridge Scheduler could not deliver."
  value       = aws_sqs_queue.dead_letter.arn
}

output "dead_letter_queue_name" {
  description = "Name of that queue, for alarms."
  value       = aws_sqs_queue.dead_letter.name
}

output "jobs_longer_than_the_function" {
  description = "Jobs whose own timeout is longer than the function's: Lambda stops them at the function's timeout."
  value       = sort([for name, job in local.jobs : name if job.timeout_seconds > var.timeout_seconds])
}
