{
  "root": .outputs.site_root,
  "url": .outputs.index_url,
  "region": .envs.APP_REGION
}
