/**
 * Tasks as local child processes, for machines without Docker. Construct with {@code new ProcessTaskDriver()}.
 * No isolation of any kind; see {@link dev.homeport.runtime.process.ProcessTaskDriver} for what it can't do.
 */
package dev.homeport.runtime.process;
