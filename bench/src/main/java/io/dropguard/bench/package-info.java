/** JMH benchmarks: DropGuard next to the raw driver and its peers, reported as ratios. */
package io.dropguard.bench;
