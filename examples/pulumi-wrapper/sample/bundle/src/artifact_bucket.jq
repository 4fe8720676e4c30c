{
  "name": .outputs.bucket_name,
  "region": .envs.APP_REGION,
  "endpoint": "s3://\(.outputs.bucket_name)"
}
