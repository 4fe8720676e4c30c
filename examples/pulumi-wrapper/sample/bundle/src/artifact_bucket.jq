{
  "name": .outputs.bucket_name,
  "region": .envs.APP_REGION,
  "endpoint": "s3://\(.outputs.bucket_name)",
  "signed_url": .outputs.access.signed_url
}
