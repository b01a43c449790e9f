variable "name" {
  type        = string
  description = "Prefix for every resource name, e.g. palisade-prod."
  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,30}$", var.name))
    error_message = "name must be 3-31 lowercase letters, digits or hyphens, starting with a letter."
  }
}

variable "log_retention_days" {
  type        = number
  description = "Days CloudWatch Logs keeps the function and access logs."
  default     = 90
  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a retention CloudWatch Logs offers (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, ... 3653)."
  }
}

variable "kms_key_arn" {
  type        = string
  description = "KMS key the log groups are encrypted with (the keys module's data_key_arn)."
  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN."
  }
}

variable "alarm_actions" {
  type        = list(string)
  description = "ARNs (e.g. SNS topics) notified when an alarm fires and when it clears."
  default     = []
}

variable "api_id" {
  type        = string
  description = "ID of the HTTP API (the api module's api_id)."
}

variable "api_function_name" {
  type        = string
  description = "Name of the API function (the api module's function_name)."
}

variable "job_function_name" {
  type        = string
  description = "Name of the job function (the jobs module's function_name)."
}

variable "dead_letter_queue_name" {
  type        = string
  description = "The jobs module's dead_letter_queue_name."
}

variable "db_proxy_name" {
  type        = string
  description = "The database module's proxy_name."
}

variable "server_error_ratio" {
  type        = number
  description = "Share of API requests answered 5xx above which the server-errors alarm fires (PalisadeServerErrors: 0.05)."
  default     = 0.05
  validation {
    condition     = var.server_error_ratio > 0 && var.server_error_ratio < 1
    error_message = "server_error_ratio must be between 0 and 1."
  }
}

variable "slow_request_ms" {
  type        = number
  description = "p99 API latency in milliseconds above which the slow-requests alarm fires (PalisadeSlowRequests: 500)."
  default     = 500
  validation {
    condition     = var.slow_request_ms > 0
    error_message = "slow_request_ms must be positive."
  }
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every resource."
  default     = {}
}
