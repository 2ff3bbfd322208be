/**
 * Runs a launch plan: starts the instances one after the other, each once it is bound to its CPU
 * and has written its first stats; restarts dead ones; ends every process of the launch when it
 * stops. Scale runs one launch per step and measures it with the campaign model.
 */
package dev.fuzzprof.service.launch;
