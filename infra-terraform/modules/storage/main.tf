resource "aws_s3_bucket" "bundled" {
  bucket = var.bucket_name
  tags   = merge(var.tags, { Name = "${var.name}-bundled-storage" })
}

resource "aws_s3_bucket_public_access_block" "bundled" {
  bucket                  = aws_s3_bucket.bundled.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "bundled" {
  bucket = aws_s3_bucket.bundled.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_versioning" "bundled" {
  bucket = aws_s3_bucket.bundled.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "bundled" {
  bucket = aws_s3_bucket.bundled.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = var.kms_key_arn
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "bundled" {
  bucket = aws_s3_bucket.bundled.id

  rule {
    id     = "expire-noncurrent-versions"
    status = "Enabled"
    filter {}
    noncurrent_version_expiration {
      noncurrent_days = var.noncurrent_version_days
    }
    expiration {
      expired_object_delete_marker = true
    }
  }

  rule {
    id     = "abort-incomplete-uploads"
    status = "Enabled"
    filter {}
    abort_incomplete_multipart_upload {
      days_after_initiation = var.abort_incomplete_upload_days
    }
  }

  depends_on = [aws_s3_bucket_versioning.bundled]
}

# Deny statements narrow what other policies allow, so they may name every S3 action.
data "aws_iam_policy_document" "bundled" {
  statement {
    sid       = "TlsOnly"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.bundled.arn, "${aws_s3_bucket.bundled.arn}/*"]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }

  statement {
    sid       = "KmsEncryptedUploadsOnly"
    effect    = "Deny"
    actions   = ["s3:PutObject"]
    resources = ["${aws_s3_bucket.bundled.arn}/*"]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
    condition {
      test     = "StringNotEqualsIfExists"
      variable = "s3:x-amz-server-side-encryption"
      values   = ["aws:kms"]
    }
  }
}

resource "aws_s3_bucket_policy" "bundled" {
  bucket     = aws_s3_bucket.bundled.id
  policy     = data.aws_iam_policy_document.bundled.json
  depends_on = [aws_s3_bucket_public_access_block.bundled]
}
