// A minimal Pulumi program reading the config the wrapper writes.
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";

const config = new pulumi.Config();
const params = config.requireObject<{ md_metadata: { name_prefix: string } }>("params");
// connections and secrets are secret config: read them as secret objects (Output values), e.g.
// config.requireSecretObject<{ aws_authentication: { data: { arn: string } } }>("connections").
const secrets = config.requireSecretObject<{ database_password: string }>("secrets");

const bucket = new aws.s3.BucketV2("assets", { bucketPrefix: params.md_metadata.name_prefix });

export const bucket_name = bucket.bucket;
export const db_password = secrets.apply((s) => s.database_password);
// A secret inside an object output: `pulumi stack output --json` shows "[secret]" in its place.
export const access = {
  role_arn: "arn:aws:iam::123456789012:role/ecomm-assets-reader",
  signed_url: pulumi.secret(pulumi.interpolate`https://${bucket.bucketRegionalDomainName}/?X-Amz-Signature=example`),
};
