data "aws_region" "current" {}

locals {
  # the settings every Palisade function shares; no in-process scheduler, the KEK in AWS KMS
  environment = merge({
    PALISADE_SCHEDULER_ENABLED      = "false"
    PALISADE_KEYS_PROVIDER          = "awskms"
    PALISADE_KEYS_AWSKMS_KEY_ID     = var.platform.install_kek_arn
    PALISADE_KEYS_AWSKMS_REGION     = data.aws_region.current.name
    PALISADE_DATABASE_URL           = var.platform.jdbc_url
    PALISADE_DATABASE_USER          = var.platform.database_user
    PALISADE_STORAGE_BUNDLED_TYPE   = "s3"
    PALISADE_STORAGE_BUNDLED_BUCKET = var.platform.bucket_name
    PALISADE_STORAGE_BUNDLED_REGION = data.aws_region.current.name
  }, var.environment)
}

data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

data "aws_iam_policy_document" "this" {
  statement {
    sid       = "WriteItsLogGroup"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${var.log_group_arn}:*"]
  }

  # Lambda manages the function's network interfaces in the VPC with the function's role. AWS
  # requires resource "*" here: ec2:DescribeNetworkInterfaces has no resource-level permissions, and
  # the interfaces do not exist before Lambda creates them (AWSLambdaVPCAccessExecutionRole is the same).
  statement {
    sid = "NetworkInterfaces"
    actions = [
      "ec2:CreateNetworkInterface",
      "ec2:DescribeNetworkInterfaces",
      "ec2:DeleteNetworkInterface",
      "ec2:AssignPrivateIpAddresses",
      "ec2:UnassignPrivateIpAddresses",
    ]
    resources = ["*"]
  }

  statement {
    sid       = "ConnectToTheDatabase"
    actions   = ["rds-db:connect"]
    resources = [var.platform.database_connect_arn]
  }

  statement {
    sid = "UseTheInstallKek"
    actions = [
      "kms:GenerateDataKey",
      "kms:Encrypt",
      "kms:Decrypt",
      "kms:ReEncryptFrom",
      "kms:ReEncryptTo",
      "kms:DescribeKey",
    ]
    resources = [var.platform.install_kek_arn]
  }

  statement {
    sid       = "BundledStorageObjects"
    actions   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"]
    resources = ["${var.platform.bucket_arn}/*"]
  }

  statement {
    sid       = "BundledStorageListing"
    actions   = ["s3:ListBucket", "s3:GetBucketLocation"]
    resources = [var.platform.bucket_arn]
  }

  statement {
    sid       = "BundledStorageEncryption"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = [var.platform.data_key_arn]
  }
}

resource "aws_iam_role" "this" {
  name               = var.function_name
  assume_role_policy = data.aws_iam_policy_document.assume.json
  tags               = var.tags
}

resource "aws_iam_role_policy" "this" {
  name   = "palisade"
  role   = aws_iam_role.this.id
  policy = data.aws_iam_policy_document.this.json
}

# The deployment package is ~90 MB, above the 50 MB Lambda accepts in a direct upload: it goes
# through S3, under a key named by its SHA-256 so a new build is a new object.
resource "aws_s3_object" "code" {
  bucket      = var.artifact_bucket
  key         = "palisade/${var.function_name}/${filesha256(var.artifact_path)}.jar"
  source      = var.artifact_path
  source_hash = filesha256(var.artifact_path)
  tags        = var.tags
}

resource "aws_lambda_function" "this" {
  function_name                  = var.function_name
  description                    = var.description
  role                           = aws_iam_role.this.arn
  runtime                        = "java17"
  architectures                  = ["x86_64"]
  s3_bucket                      = aws_s3_object.code.bucket
  s3_key                         = aws_s3_object.code.key
  source_code_hash               = filebase64sha256(var.artifact_path)
  handler                        = var.handler
  memory_size                    = var.memory_mb
  timeout                        = var.timeout_seconds
  reserved_concurrent_executions = var.reserved_concurrency
  publish                        = true
  tags                           = var.tags

  environment {
    variables = local.environment
  }

  vpc_config {
    subnet_ids         = var.platform.subnet_ids
    security_group_ids = [var.platform.security_group_id]
  }

  logging_config {
    log_format = "Text"
    log_group  = var.log_group_name
  }

  dynamic "snap_start" {
    for_each = var.snap_start ? [1] : []
    content {
      apply_on = "PublishedVersions"
    }
  }

  depends_on = [aws_iam_role_policy.this]
}

resource "aws_lambda_alias" "live" {
  name             = "live"
  description      = "The published version the triggers invoke"
  function_name    = aws_lambda_function.this.function_name
  function_version = aws_lambda_function.this.version
}
