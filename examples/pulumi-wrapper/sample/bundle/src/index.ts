// A minimal Pulumi program reading the config the wrapper writes.
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";

const config = new pulumi.Config();
const params = config.requireObject<{ md_metadata: { name_prefix: string } }>("params");
const secrets = config.requireSecretObject<{ database_password: string }>("secrets");

const bucket = new aws.s3.BucketV2("assets", { bucketPrefix: params.md_metadata.name_prefix });

export const bucket_name = bucket.bucket;
export const db_password = secrets.apply((s) => s.database_password);
export const endpoint = { host: "db.internal", port: 5432 };
