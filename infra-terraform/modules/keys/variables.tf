variable "name" {
  type        = string
  description = "Prefix for every resource name, e.g. palisade-prod."
  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,30}$", var.name))
    error_message = "name must be 3-31 lowercase letters, digits or hyphens, starting with a letter."
  }
}

variable "function_role_arns" {
  type        = list(string)
  description = "IAM roles of the functions: the only principals the install KEK's key policy lets encrypt and decrypt."
  validation {
    condition     = length(var.function_role_arns) > 0 && alltrue([for arn in var.function_role_arns : can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:role/", arn))])
    error_message = "function_role_arns must be one or more IAM role ARNs."
  }
}

variable "key_admin_arns" {
  type        = list(string)
  description = "IAM principals that administer both keys (policy, rotation, tags, aliases) but cannot use them for data; include the principal that runs Terraform, or KMS refuses the key policy."
  validation {
    condition     = length(var.key_admin_arns) > 0 && alltrue([for arn in var.key_admin_arns : can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:", arn))])
    error_message = "key_admin_arns must be one or more IAM ARNs."
  }
}

variable "break_glass_arns" {
  type        = list(string)
  description = "IAM principals that may disable the keys or schedule their deletion; keep this to a break-glass role."
  validation {
    condition     = length(var.break_glass_arns) > 0 && alltrue([for arn in var.break_glass_arns : can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:", arn))])
    error_message = "break_glass_arns must be one or more IAM ARNs."
  }
}

variable "deletion_window_in_days" {
  type        = number
  description = "Waiting period before a key scheduled for deletion is deleted."
  default     = 30
  validation {
    condition     = var.deletion_window_in_days >= 7 && var.deletion_window_in_days <= 30
    error_message = "deletion_window_in_days must be between 7 and 30."
  }
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every resource."
  default     = {}
}
