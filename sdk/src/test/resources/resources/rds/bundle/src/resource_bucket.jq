# Flat resource shape.
{
  arn: .outputs.bucket_arn,
  name: .outputs.bucket_name,
  region: .params.region
}
