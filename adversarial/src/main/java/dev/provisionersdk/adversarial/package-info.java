/**
 * The adversarial masking suite: a provisioner and a tool that print their secrets every way they
 * can, and an independent leak check for their output. Test support, not published.
 */
package dev.provisionersdk.adversarial;
