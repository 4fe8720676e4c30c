/**
 * Test support for provisioners: build inputs in code ({@link
 * dev.provisionersdk.testing.TestInputs}), call a handler with a real {@link
 * dev.provisionersdk.Request}, or run the whole provisioner and assert on its exit code, output and
 * secrets ({@link dev.provisionersdk.testing.TestRunner}, {@link
 * dev.provisionersdk.testing.RunResultAssert}).
 */
package dev.provisionersdk.testing;
