variable "name" {
  type        = string
  description = "Prefix for every resource name, e.g. palisade-prod."
  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,30}$", var.name))
    error_message = "name must be 3-31 lowercase letters, digits or hyphens, starting with a letter."
  }
}

variable "cidr_block" {
  type        = string
  description = "IPv4 range of the VPC."
  default     = "10.40.0.0/16"
  validation {
    condition     = can(cidrnetmask(var.cidr_block))
    error_message = "cidr_block must be a valid IPv4 CIDR block."
  }
}

variable "availability_zones" {
  type        = list(string)
  description = "Availability zones for the private subnets; at least two for a Multi-AZ database."
  validation {
    condition     = length(var.availability_zones) >= 2
    error_message = "At least two availability zones are needed."
  }
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every resource."
  default     = {}
}
