/** JMH benchmarks of the SDK's masking engine against naive baselines; not a published artifact. */
package dev.provisionersdk.benchmarks;
