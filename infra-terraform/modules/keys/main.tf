data "aws_caller_identity" "current" {}
data "aws_region" "current" {}
data "aws_partition" "current" {}

locals {
  account = data.aws_caller_identity.current.account_id
  region  = data.aws_region.current.name
  # what an administrator may do to a key, without using it for data and without destroying it
  admin_actions = [
    "kms:DescribeKey",
    "kms:GetKeyPolicy",
    "kms:PutKeyPolicy",
    "kms:GetKeyRotationStatus",
    "kms:EnableKeyRotation",
    "kms:ListResourceTags",
    "kms:TagResource",
    "kms:UntagResource",
    "kms:UpdateKeyDescription",
    "kms:CreateAlias",
    "kms:UpdateAlias",
    "kms:DeleteAlias",
    "kms:ListGrants",
    "kms:RevokeGrant",
  ]
  break_glass_actions = [
    "kms:DisableKey",
    "kms:EnableKey",
    "kms:ScheduleKeyDeletion",
    "kms:CancelKeyDeletion",
  ]
}

# In a key policy the resource "*" means the key the policy is attached to: AWS requires it there.
# Both keys share the administration statements.
data "aws_iam_policy_document" "administration" {
  statement {
    sid       = "KeyAdministration"
    actions   = local.admin_actions
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = var.key_admin_arns
    }
  }

  statement {
    sid       = "BreakGlass"
    actions   = local.break_glass_actions
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = var.break_glass_arns
    }
  }
}

data "aws_iam_policy_document" "install_kek" {
  source_policy_documents = [data.aws_iam_policy_document.administration.json]

  statement {
    sid = "FunctionsWrapAndUnwrap"
    actions = [
      "kms:GenerateDataKey",
      "kms:Encrypt",
      "kms:Decrypt",
      "kms:ReEncryptFrom",
      "kms:ReEncryptTo",
      "kms:DescribeKey",
    ]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = var.function_role_arns
    }
  }
}

resource "aws_kms_key" "install_kek" {
  description             = "${var.name}: install key-encryption key (palisade.keys.provider=awskms)"
  key_usage               = "ENCRYPT_DECRYPT"
  enable_key_rotation     = true
  deletion_window_in_days = var.deletion_window_in_days
  policy                  = data.aws_iam_policy_document.install_kek.json
  tags                    = var.tags
}

resource "aws_kms_alias" "install_kek" {
  name          = "alias/${var.name}-install-kek"
  target_key_id = aws_kms_key.install_kek.key_id
}

# The data key encrypts the database storage, its master secret, the bundled-storage bucket and the
# log groups. Principals of this account may use it only through those services; CloudWatch Logs
# only for this deployment's log groups. Resource "*" is again the key itself.
data "aws_iam_policy_document" "data" {
  source_policy_documents = [data.aws_iam_policy_document.administration.json]

  statement {
    sid = "ThroughDataServices"
    actions = [
      "kms:Encrypt",
      "kms:Decrypt",
      "kms:ReEncryptFrom",
      "kms:ReEncryptTo",
      "kms:GenerateDataKey",
      "kms:GenerateDataKeyWithoutPlaintext",
      "kms:DescribeKey",
      "kms:CreateGrant",
    ]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:${data.aws_partition.current.partition}:iam::${local.account}:root"]
    }
    condition {
      test     = "StringEquals"
      variable = "kms:CallerAccount"
      values   = [local.account]
    }
    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values = [
        "rds.${local.region}.amazonaws.com",
        "s3.${local.region}.amazonaws.com",
        "secretsmanager.${local.region}.amazonaws.com",
      ]
    }
  }

  statement {
    sid = "CloudWatchLogs"
    actions = [
      "kms:Encrypt",
      "kms:Decrypt",
      "kms:ReEncryptFrom",
      "kms:ReEncryptTo",
      "kms:GenerateDataKey",
      "kms:DescribeKey",
    ]
    resources = ["*"]
    principals {
      type        = "Service"
      identifiers = ["logs.${local.region}.amazonaws.com"]
    }
    condition {
      test     = "ArnLike"
      variable = "kms:EncryptionContext:aws:logs:arn"
      values   = ["arn:${data.aws_partition.current.partition}:logs:${local.region}:${local.account}:log-group:/palisade/${var.name}/*"]
    }
  }
}

resource "aws_kms_key" "data" {
  description             = "${var.name}: database, bundled storage and log encryption"
  key_usage               = "ENCRYPT_DECRYPT"
  enable_key_rotation     = true
  deletion_window_in_days = var.deletion_window_in_days
  policy                  = data.aws_iam_policy_document.data.json
  tags                    = var.tags
}

resource "aws_kms_alias" "data" {
  name          = "alias/${var.name}-data"
  target_key_id = aws_kms_key.data.key_id
}
