output "proxy_endpoint" {
  description = "Host name of the RDS Proxy the functions connect to."
  value       = aws_db_proxy.this.endpoint
}

output "jdbc_url" {
  description = "PALISADE_DATABASE_URL for the functions: the install database through the proxy, TLS required."
  value       = "jdbc:postgresql://${aws_db_proxy.this.endpoint}:5432/${var.database_name}?sslmode=require"
}

output "database_user" {
  description = "PALISADE_DATABASE_USER: the role the functions connect as with an IAM authentication token."
  value       = var.master_username
}

output "connect_resource_arn" {
  description = "The rds-db:connect resource of that user on the proxy, for the function roles."
  value       = "arn:${data.aws_partition.current.partition}:rds-db:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:dbuser:${local.proxy_resource_id}/${var.master_username}"
}

output "instance_identifier" {
  description = "Identifier of the RDS instance, for alarms."
  value       = aws_db_instance.this.identifier
}

output "proxy_name" {
  description = "Name of the RDS Proxy, for alarms."
  value       = aws_db_proxy.this.name
}

output "master_secret_arn" {
  description = "Secrets Manager secret RDS keeps the master password in (rotated by RDS); read only by the proxy."
  value       = aws_db_instance.this.master_user_secret[0].secret_arn
}
