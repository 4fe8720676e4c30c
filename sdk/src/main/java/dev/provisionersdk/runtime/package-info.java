/**
 * The entry point that runs a provisioner: {@link dev.provisionersdk.runtime.Provisioner}, wired
 * from handlers in a user's {@code main}. Kept apart from {@code dev.provisionersdk} so the API
 * types never depend on the implementation.
 */
package dev.provisionersdk.runtime;
