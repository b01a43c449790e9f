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
  description = "Handler class of the job function in the functions module's jar: the handler EventBridge Scheduler invokes with {\"job\": \"<name>\"}."
}

variable "memory_mb" {
  type        = number
  description = "Memory of the job function in MB."
  default     = 2048
}

variable "timeout_seconds" {
  type        = number
  description = "Timeout of one job invocation; Lambda stops a run after at most 900 s (see the jobs_longer_than_the_function output)."
  default     = 900
}

variable "reserved_concurrency" {
  type        = number
  description = "Concurrent executions reserved for the job function; -1 for none."
  default     = 10
}

variable "disabled_jobs" {
  type        = set(string)
  description = "Jobs whose schedules are created disabled (the Cloud counterpart of palisade.jobs.<name>.enabled=false)."
  default     = []
}

variable "retry_attempts" {
  type        = number
  description = "Times EventBridge Scheduler retries an invocation Lambda refused (throttled or unavailable) before it goes to the dead-letter queue."
  default     = 3
  validation {
    condition     = var.retry_attempts >= 0 && var.retry_attempts <= 185
    error_message = "retry_attempts must be between 0 and 185."
  }
}

variable "max_event_age_seconds" {
  type        = number
  description = "How long EventBridge Scheduler keeps retrying one invocation before it goes to the dead-letter queue."
  default     = 3600
  validation {
    condition     = var.max_event_age_seconds >= 60 && var.max_event_age_seconds <= 86400
    error_message = "max_event_age_seconds must be between 60 and 86400."
  }
}

variable "dead_letter_retention_seconds" {
  type        = number
  description = "How long an invocation that could not be delivered stays in the dead-letter queue."
  default     = 1209600
  validation {
    condition     = var.dead_letter_retention_seconds >= 60 && var.dead_letter_retention_seconds <= 1209600
    error_message = "dead_letter_retention_seconds must be between 60 and 1209600 (14 days)."
  }
}
