/** A provisioner that drives the {@code pulumi} CLI on the Pulumi project in the step directory. */
package dev.provisionersdk.examples.pulumi;
