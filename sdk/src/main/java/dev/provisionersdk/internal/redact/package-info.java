/**
 * Secret masking: the one seam every byte the provisioner writes passes through. Internal: not part
 * of the published API.
 */
package dev.provisionersdk.internal.redact;
