/** The Java agent: attaches the driver's wrappers to every connection of a JVM. */
package io.dropguard.agent;
