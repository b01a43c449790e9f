provider "aws" {
  region = var.region
  default_tags {
    tags = var.tags
  }
}

module "network" {
  source             = "../../modules/network"
  name               = var.name
  availability_zones = var.availability_zones
  tags               = var.tags
}

module "keys" {
  source             = "../../modules/keys"
  name               = var.name
  function_role_arns = [module.api.role_arn, module.jobs.role_arn]
  key_admin_arns     = var.key_admin_arns
  break_glass_arns   = var.break_glass_arns
  tags               = var.tags
}

module "database" {
  source                      = "../../modules/database"
  name                        = var.name
  vpc_id                      = module.network.vpc_id
  vpc_cidr_block              = module.network.cidr_block
  subnet_ids                  = module.network.private_subnet_ids
  functions_security_group_id = module.network.functions_security_group_id
  kms_key_arn                 = module.keys.data_key_arn
  tags                        = var.tags
}

module "storage" {
  source      = "../../modules/storage"
  name        = var.name
  bucket_name = var.bucket_name
  kms_key_arn = module.keys.data_key_arn
  tags        = var.tags
}

module "observability" {
  source                 = "../../modules/observability"
  name                   = var.name
  kms_key_arn            = module.keys.data_key_arn
  alarm_actions          = var.alarm_actions
  api_id                 = module.api.api_id
  api_function_name      = module.api.function_name
  job_function_name      = module.jobs.function_name
  dead_letter_queue_name = module.jobs.dead_letter_queue_name
  db_proxy_name          = module.database.proxy_name
  tags                   = var.tags
}

locals {
  # what both functions run on
  platform = {
    subnet_ids           = module.network.private_subnet_ids
    security_group_id    = module.network.functions_security_group_id
    install_kek_arn      = module.keys.install_kek_arn
    data_key_arn         = module.keys.data_key_arn
    bucket_name          = module.storage.bucket_name
    bucket_arn           = module.storage.bucket_arn
    jdbc_url             = module.database.jdbc_url
    database_user        = module.database.database_user
    database_connect_arn = module.database.connect_resource_arn
  }
}

module "api" {
  source               = "../../modules/api"
  name                 = var.name
  artifact_path        = var.artifact_path
  artifact_bucket      = var.artifact_bucket
  log_group_name       = module.observability.api_log_group_name
  log_group_arn        = module.observability.api_log_group_arn
  access_log_group_arn = module.observability.api_access_log_group_arn
  platform             = local.platform
  environment          = var.environment
  tags                 = var.tags
}

module "jobs" {
  source          = "../../modules/jobs"
  name            = var.name
  artifact_path   = var.artifact_path
  artifact_bucket = var.artifact_bucket
  handler         = var.job_handler
  log_group_name  = module.observability.jobs_log_group_name
  log_group_arn   = module.observability.jobs_log_group_arn
  platform        = local.platform
  environment     = var.environment
  tags            = var.tags
}
