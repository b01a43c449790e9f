variable "name" {
  type        = string
  description = "Prefix for every resource name, e.g. palisade-prod."
  default     = "palisade-example"
  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,30}$", var.name))
    error_message = "name must be 3-31 lowercase letters, digits or hyphens, starting with a letter."
  }
}

variable "region" {
  type        = string
  description = "AWS region of the deployment."
  default     = "eu-central-1"
  validation {
    condition     = can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]$", var.region))
    error_message = "region must be an AWS region name such as eu-central-1."
  }
}

variable "availability_zones" {
  type        = list(string)
  description = "Two or more availability zones of the region."
  default     = ["eu-central-1a", "eu-central-1b"]
  validation {
    condition     = length(var.availability_zones) >= 2
    error_message = "At least two availability zones are needed."
  }
}

variable "artifact_path" {
  type        = string
  description = "Path of the functions module's jar (functions/target/palisade-functions.jar, built by mvn package)."
}

variable "artifact_bucket" {
  type        = string
  description = "Existing S3 bucket (yours, private, encrypted) the functions' jar is uploaded to."
}

variable "job_handler" {
  type        = string
  description = "Handler class of the job function in that jar."
}

variable "bucket_name" {
  type        = string
  description = "Globally unique name of the bundled-storage bucket."
}

variable "key_admin_arns" {
  type        = list(string)
  description = "IAM principals that administer the KMS keys."
}

variable "break_glass_arns" {
  type        = list(string)
  description = "IAM principals that may disable the KMS keys or schedule their deletion."
}

variable "alarm_actions" {
  type        = list(string)
  description = "SNS topics notified by the alarms."
  default     = []
}

variable "environment" {
  type        = map(string)
  description = "Further PALISADE_* settings of both functions."
  default     = {}
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every resource."
  default     = { Application = "palisade" }
}
