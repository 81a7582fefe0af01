/**
 * Tasks as local child processes, for machines without Docker, each in a bubblewrap sandbox
 * ({@link dev.homeport.runtime.process.Bubblewrap}); see {@link dev.homeport.runtime.process.ProcessTaskDriver} for
 * what it can't do.
 */
package dev.homeport.runtime.process;
