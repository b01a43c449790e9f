data "aws_caller_identity" "current" {}
data "aws_region" "current" {}
data "aws_partition" "current" {}

resource "aws_db_subnet_group" "this" {
  name       = var.name
  subnet_ids = var.subnet_ids
  tags       = var.tags
}

resource "aws_db_parameter_group" "this" {
  name   = "${var.name}-postgres15"
  family = "postgres15"
  tags   = var.tags

  parameter {
    name  = "rds.force_ssl"
    value = "1"
  }
}

resource "aws_security_group" "proxy" {
  name        = "${var.name}-db-proxy"
  description = "RDS Proxy: PostgreSQL from the functions"
  vpc_id      = var.vpc_id
  tags        = var.tags
}

resource "aws_security_group" "database" {
  name        = "${var.name}-db"
  description = "RDS instance: PostgreSQL from the proxy"
  vpc_id      = var.vpc_id
  tags        = var.tags
}

locals {
  # PostgreSQL hops: functions -> proxy -> instance
  postgres_ingress = {
    proxy_from_functions = { group = aws_security_group.proxy.id, peer = var.functions_security_group_id, description = "PostgreSQL from the functions" }
    database_from_proxy  = { group = aws_security_group.database.id, peer = aws_security_group.proxy.id, description = "PostgreSQL from the RDS Proxy" }
  }
  postgres_egress = {
    functions_to_proxy = { group = var.functions_security_group_id, peer = aws_security_group.proxy.id, description = "PostgreSQL to the RDS Proxy" }
    proxy_to_database  = { group = aws_security_group.proxy.id, peer = aws_security_group.database.id, description = "PostgreSQL to the instance" }
  }
}

resource "aws_vpc_security_group_ingress_rule" "postgres" {
  for_each                     = local.postgres_ingress
  security_group_id            = each.value.group
  referenced_security_group_id = each.value.peer
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  description                  = each.value.description
}

resource "aws_vpc_security_group_egress_rule" "postgres" {
  for_each                     = local.postgres_egress
  security_group_id            = each.value.group
  referenced_security_group_id = each.value.peer
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  description                  = each.value.description
}

resource "aws_vpc_security_group_egress_rule" "proxy_to_endpoints" {
  security_group_id = aws_security_group.proxy.id
  cidr_ipv4         = var.vpc_cidr_block
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  description       = "HTTPS to the Secrets Manager and KMS endpoints in the VPC"
}

resource "aws_db_instance" "this" {
  identifier                    = var.name
  engine                        = "postgres"
  engine_version                = var.engine_version
  instance_class                = var.instance_class
  allocated_storage             = var.allocated_storage_gb
  max_allocated_storage         = var.max_allocated_storage_gb
  storage_type                  = "gp3"
  storage_encrypted             = true
  kms_key_id                    = var.kms_key_arn
  multi_az                      = true
  db_name                       = var.database_name
  username                      = var.master_username
  manage_master_user_password   = true
  master_user_secret_kms_key_id = var.kms_key_arn
  db_subnet_group_name          = aws_db_subnet_group.this.name
  parameter_group_name          = aws_db_parameter_group.this.name
  vpc_security_group_ids        = [aws_security_group.database.id]
  publicly_accessible           = false
  backup_retention_period       = var.backup_retention_days
  backup_window                 = "02:00-03:00"
  maintenance_window            = "sun:03:30-sun:04:30"
  copy_tags_to_snapshot         = true
  deletion_protection           = var.deletion_protection
  skip_final_snapshot           = false
  final_snapshot_identifier     = "${var.name}-final"
  auto_minor_version_upgrade    = true
  tags                          = var.tags
}

data "aws_iam_policy_document" "proxy_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["rds.amazonaws.com"]
    }
  }
}

data "aws_iam_policy_document" "proxy" {
  statement {
    sid       = "ReadTheMasterSecret"
    actions   = ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"]
    resources = [aws_db_instance.this.master_user_secret[0].secret_arn]
  }

  statement {
    sid       = "DecryptTheMasterSecret"
    actions   = ["kms:Decrypt"]
    resources = [var.kms_key_arn]
    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["secretsmanager.${data.aws_region.current.name}.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "proxy" {
  name               = "${var.name}-db-proxy"
  assume_role_policy = data.aws_iam_policy_document.proxy_assume.json
  tags               = var.tags
}

resource "aws_iam_role_policy" "proxy" {
  name   = "master-secret"
  role   = aws_iam_role.proxy.id
  policy = data.aws_iam_policy_document.proxy.json
}

resource "aws_db_proxy" "this" {
  name                   = var.name
  engine_family          = "POSTGRESQL"
  role_arn               = aws_iam_role.proxy.arn
  vpc_subnet_ids         = var.subnet_ids
  vpc_security_group_ids = [aws_security_group.proxy.id]
  require_tls            = true
  idle_client_timeout    = 1800
  tags                   = var.tags

  auth {
    auth_scheme = "SECRETS"
    iam_auth    = "REQUIRED"
    secret_arn  = aws_db_instance.this.master_user_secret[0].secret_arn
  }

  depends_on = [aws_iam_role_policy.proxy]
}

resource "aws_db_proxy_default_target_group" "this" {
  db_proxy_name = aws_db_proxy.this.name

  connection_pool_config {
    max_connections_percent      = 90
    max_idle_connections_percent = 50
    connection_borrow_timeout    = 10
  }
}

resource "aws_db_proxy_target" "this" {
  db_proxy_name          = aws_db_proxy.this.name
  target_group_name      = aws_db_proxy_default_target_group.this.name
  db_instance_identifier = aws_db_instance.this.identifier
}

locals {
  # the last part of the proxy's ARN (prx-...), which rds-db:connect names
  proxy_resource_id = element(split(":", aws_db_proxy.this.arn), 6)
}
