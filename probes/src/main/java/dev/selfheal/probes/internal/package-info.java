/** Implementation of the probes module. Not API: anything here may change without notice. */
package dev.selfheal.probes.internal;
