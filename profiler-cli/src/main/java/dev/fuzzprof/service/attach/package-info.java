/**
 * {@code fuzzprof attach}: find the campaign's processes from one pid ({@code AttachTarget}),
 * count in the kernel ({@code AttachEvents}), take the bounded strace sample ({@code
 * AttachStrace}), and hand {@code LiveAnalyzer} what was read; {@code AttachResult} is what the
 * renderers get. Never leaves a process traced or stopped; prints nothing.
 */
package dev.fuzzprof.service.attach;
