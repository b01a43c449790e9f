output "api_url" {
  description = "Base URL of the API and the console."
  value       = aws_apigatewayv2_stage.default.invoke_url
}

output "api_id" {
  description = "ID of the HTTP API, for alarms."
  value       = aws_apigatewayv2_api.this.id
}

output "function_name" {
  description = "Name of the API function."
  value       = module.function.function_name
}

output "function_alias_arn" {
  description = "ARN of the live alias the HTTP API invokes."
  value       = module.function.alias_arn
}

output "role_arn" {
  description = "IAM role of the API function (give it to the keys module)."
  value       = module.function.role_arn
}
