output "install_kek_arn" {
  description = "ARN of the install KEK; the functions get it as PALISADE_KEYS_AWSKMS_KEY_ID."
  value       = aws_kms_key.install_kek.arn
}

output "install_kek_alias" {
  description = "Alias of the install KEK."
  value       = aws_kms_alias.install_kek.name
}

output "data_key_arn" {
  description = "ARN of the key that encrypts the database, the bundled-storage bucket and the log groups."
  value       = aws_kms_key.data.arn
}
