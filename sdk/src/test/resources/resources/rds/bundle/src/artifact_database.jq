# Legacy {data, specs} shape, as the official OpenTofu bundles write it.
{
  data: {
    authentication: {
      hostname: .outputs.db_host,
      port: .outputs.db_port,
      username: .params.database.username,
      password: .secrets.db_password
    },
    infrastructure: {
      arn: .outputs.db_arn
    }
  },
  specs: {
    rdbms: {
      engine: "postgresql",
      version: .params.database.version
    }
  }
}
