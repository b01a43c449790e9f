variable "name" {
  type        = string
  description = "Prefix for every resource name, e.g. palisade-prod."
  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,30}$", var.name))
    error_message = "name must be 3-31 lowercase letters, digits or hyphens, starting with a letter."
  }
}

variable "artifact_path" {
  type        = string
  description = "Path of the functions module's jar."
  validation {
    condition     = endswith(var.artifact_path, ".jar")
    error_message = "artifact_path must name a .jar file."
  }
}

variable "artifact_bucket" {
  type        = string
  description = "Existing S3 bucket the jar is uploaded to (see the function module)."
}

variable "platform" {
  type = object({
    subnet_ids           = list(string)
    security_group_id    = string
    install_kek_arn      = string
    data_key_arn         = string
    bucket_name          = string
    bucket_arn           = string
    jdbc_url             = string
    database_user        = string
    database_connect_arn = string
  })
  description = "What the function runs on, from the other modules' outputs: private subnets and the functions' security group (network), install KEK and data key ARNs (keys), bucket name and ARN (storage), jdbc_url, database_user and connect_resource_arn (database)."
}

variable "log_group_name" {
  type        = string
  description = "Log group of the function (from the observability module)."
}

variable "log_group_arn" {
  type        = string
  description = "ARN of that log group."
}

variable "environment" {
  type        = map(string)
  description = "Further PALISADE_* settings of the function, e.g. the license or identity settings; they win over derived ones."
  default     = {}
}

variable "snap_start" {
  type        = bool
  description = "Whether published versions start from a SnapStart snapshot (see docs/terraform.md)."
  default     = false
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every resource."
  default     = {}
}

variable "handler" {
  type        = string
  description = "Handler class of the API function: the API Gateway HTTP API (payload v2) handler of the functions module."
  default     = "io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction"
}

variable "memory_mb" {
  type        = number
  description = "Memory of the API function in MB."
  default     = 2048
}

variable "timeout_seconds" {
  type        = number
  description = "Timeout of one API invocation; the HTTP API gives up after 30 s."
  default     = 29
  validation {
    condition     = var.timeout_seconds >= 1 && var.timeout_seconds <= 30
    error_message = "timeout_seconds must be between 1 and 30 (the HTTP API integration limit)."
  }
}

variable "reserved_concurrency" {
  type        = number
  description = "Concurrent executions reserved for the API function; also its ceiling, which bounds database connections. -1 for none."
  default     = 50
}

variable "throttling_burst_limit" {
  type        = number
  description = "Requests the HTTP API accepts in a burst before answering 429."
  default     = 200
  validation {
    condition     = var.throttling_burst_limit >= 1
    error_message = "throttling_burst_limit must be at least 1."
  }
}

variable "throttling_rate_limit" {
  type        = number
  description = "Steady requests per second the HTTP API accepts before answering 429."
  default     = 100
  validation {
    condition     = var.throttling_rate_limit >= 1
    error_message = "throttling_rate_limit must be at least 1."
  }
}

variable "access_log_group_arn" {
  type        = string
  description = "Log group of the HTTP API's access log (from the observability module)."
}
