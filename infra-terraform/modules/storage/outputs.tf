output "bucket_name" {
  description = "Name of the bundled-storage bucket (PALISADE_STORAGE_BUNDLED_BUCKET)."
  value       = aws_s3_bucket.bundled.id
}

output "bucket_arn" {
  description = "ARN of the bundled-storage bucket."
  value       = aws_s3_bucket.bundled.arn
}
