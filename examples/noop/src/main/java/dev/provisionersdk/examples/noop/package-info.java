/** The noop provisioner: a runnable example that describes what it would do and changes nothing. */
package dev.provisionersdk.examples.noop;
