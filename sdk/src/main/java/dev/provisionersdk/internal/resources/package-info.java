/**
 * Publishing and deleting resources (formerly "artifacts") through the Massdriver API: the HTTP
 * client with its retry policy, the bundle's resource declarations and schemas, the {@code .jq}
 * templates, and the per-run session behind {@code Request.resources()}. Internal: not part of the
 * published API and may change in any release.
 */
package dev.provisionersdk.internal.resources;
