# LC_ALL=C perf stat -x, -o perf-cpu.csv -C 1 -e raw_syscalls:sys_enter,syscalls:sys_enter_openat,signal:signal_generate,sched:sched_process_fork -- sleep 0.5   (live_forkserver pinned to CPU 1)
