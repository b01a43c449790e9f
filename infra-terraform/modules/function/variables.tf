variable "function_name" {
  type        = string
  description = "Name of the Lambda function and of its IAM role."
  validation {
    condition     = can(regex("^[a-zA-Z0-9-_]{1,64}$", var.function_name))
    error_message = "function_name must be 1-64 letters, digits, hyphens or underscores."
  }
}

variable "description" {
  type        = string
  description = "What the function does, shown in the Lambda console."
}

variable "artifact_path" {
  type        = string
  description = "Path of the functions module's jar, uploaded as the function's code."
}

variable "artifact_bucket" {
  type        = string
  description = "Existing S3 bucket the jar is uploaded to before the function is created from it (the jar is larger than the 50 MB a direct upload allows)."
}

variable "handler" {
  type        = string
  description = "Fully qualified handler class (or class::method) in the jar."
  validation {
    condition     = can(regex("^[A-Za-z_$][A-Za-z0-9_$.]*(::[A-Za-z_$][A-Za-z0-9_$]*)?$", var.handler))
    error_message = "handler must be a Java class name, optionally followed by ::method."
  }
}

variable "memory_mb" {
  type        = number
  description = "Memory of the function in MB; CPU grows with it."
  validation {
    condition     = var.memory_mb >= 512 && var.memory_mb <= 10240
    error_message = "memory_mb must be between 512 and 10240."
  }
}

variable "timeout_seconds" {
  type        = number
  description = "How long one invocation may run."
  validation {
    condition     = var.timeout_seconds >= 1 && var.timeout_seconds <= 900
    error_message = "timeout_seconds must be between 1 and 900 (the Lambda maximum)."
  }
}

variable "reserved_concurrency" {
  type        = number
  description = "Concurrent executions reserved for (and the most allowed to) the function; -1 for no reservation."
  validation {
    condition     = var.reserved_concurrency == -1 || var.reserved_concurrency >= 1
    error_message = "reserved_concurrency must be -1 or at least 1."
  }
}

variable "snap_start" {
  type        = bool
  description = "Whether published versions start from a SnapStart snapshot."
}

variable "environment" {
  type        = map(string)
  description = "Further PALISADE_* settings; they override the ones this module derives from the other inputs."
}

variable "log_group_name" {
  type        = string
  description = "CloudWatch log group the function writes to (from the observability module)."
}

variable "log_group_arn" {
  type        = string
  description = "ARN of that log group; the role may write only there."
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every resource."
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
  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:", var.platform.install_kek_arn)) && can(regex("^arn:aws[a-z-]*:kms:", var.platform.data_key_arn))
    error_message = "platform.install_kek_arn and platform.data_key_arn must be KMS key ARNs."
  }
  description = "What the function runs on, from the other modules' outputs: private subnets and the functions' security group (network), install KEK and data key ARNs (keys), bucket name and ARN (storage), jdbc_url, database_user and connect_resource_arn (database)."
}
