output "api_url" {
  description = "Base URL of the API and the console."
  value       = module.api.api_url
}

output "api_function_name" {
  description = "Name of the API function."
  value       = module.api.function_name
}

output "job_function_name" {
  description = "Name of the job function."
  value       = module.jobs.function_name
}

output "job_schedules" {
  description = "Each job's schedule expression."
  value       = module.jobs.schedules
}

output "jobs_longer_than_the_function" {
  description = "Jobs Lambda stops at the job function's timeout before their own timeout."
  value       = module.jobs.jobs_longer_than_the_function
}

output "bucket_name" {
  description = "The bundled-storage bucket."
  value       = module.storage.bucket_name
}

output "install_kek_arn" {
  description = "The install KEK."
  value       = module.keys.install_kek_arn
}
