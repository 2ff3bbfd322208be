/**
 * Starting and ending the processes of a campaign fuzzprof launches: each instance in a session
 * of its own, marked in its environment so that it and every process it forks (fork servers,
 * persistent targets) can be found again from /proc, and a guard outside the JVM that ends them
 * all when fuzzprof ends, however it ends.
 */
package dev.fuzzprof.acquire.launch;
