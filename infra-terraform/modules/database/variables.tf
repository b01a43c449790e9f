variable "name" {
  type        = string
  description = "Prefix for every resource name, e.g. palisade-prod."
  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,30}$", var.name))
    error_message = "name must be 3-31 lowercase letters, digits or hyphens, starting with a letter."
  }
}

variable "vpc_id" {
  type        = string
  description = "VPC of the database (the network module's vpc_id)."
}

variable "vpc_cidr_block" {
  type        = string
  description = "IPv4 range of the VPC, where the interface endpoints the proxy reaches Secrets Manager through live."
  validation {
    condition     = can(cidrnetmask(var.vpc_cidr_block))
    error_message = "vpc_cidr_block must be a valid IPv4 CIDR block."
  }
}

variable "subnet_ids" {
  type        = list(string)
  description = "Private subnets in at least two availability zones, for the Multi-AZ instance and the proxy."
  validation {
    condition     = length(var.subnet_ids) >= 2
    error_message = "At least two subnets are needed for a Multi-AZ database."
  }
}

variable "functions_security_group_id" {
  type        = string
  description = "Security group of the functions (the network module's functions_security_group_id); only it reaches the proxy."
}

variable "kms_key_arn" {
  type        = string
  description = "KMS key for the storage encryption and the master secret (the keys module's data_key_arn)."
  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN."
  }
}

variable "engine_version" {
  type        = string
  description = "PostgreSQL engine version; major version 15."
  default     = "15"
  validation {
    condition     = can(regex("^15(\\.[0-9]+)?$", var.engine_version))
    error_message = "engine_version must be PostgreSQL 15 (15 or 15.<minor>)."
  }
}

variable "instance_class" {
  type        = string
  description = "Instance class of the database."
  default     = "db.t4g.medium"
  validation {
    condition     = startswith(var.instance_class, "db.")
    error_message = "instance_class must be an RDS instance class such as db.t4g.medium."
  }
}

variable "allocated_storage_gb" {
  type        = number
  description = "Initial storage in GiB."
  default     = 50
  validation {
    condition     = var.allocated_storage_gb >= 20
    error_message = "allocated_storage_gb must be at least 20."
  }
}

variable "max_allocated_storage_gb" {
  type        = number
  description = "Upper limit of storage autoscaling in GiB."
  default     = 500
  validation {
    condition     = var.max_allocated_storage_gb >= 20
    error_message = "max_allocated_storage_gb must be at least 20."
  }
}

variable "backup_retention_days" {
  type        = number
  description = "Days RDS keeps automated backups (point-in-time recovery window)."
  default     = 14
  validation {
    condition     = var.backup_retention_days >= 1 && var.backup_retention_days <= 35
    error_message = "backup_retention_days must be between 1 and 35."
  }
}

variable "database_name" {
  type        = string
  description = "Name of the install database (PALISADE_DATABASE_URL); organization databases are created beside it."
  default     = "palisade"
  validation {
    condition     = can(regex("^[a-z][a-z0-9_]{0,62}$", var.database_name))
    error_message = "database_name must be a lowercase PostgreSQL identifier."
  }
}

variable "master_username" {
  type        = string
  description = "Database role the functions connect as through the proxy; it must be allowed to CREATE DATABASE."
  default     = "palisade"
  validation {
    condition     = can(regex("^[a-z][a-z0-9_]{0,62}$", var.master_username))
    error_message = "master_username must be a lowercase PostgreSQL identifier."
  }
}

variable "deletion_protection" {
  type        = bool
  description = "Whether the instance refuses deletion."
  default     = true
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every resource."
  default     = {}
}
