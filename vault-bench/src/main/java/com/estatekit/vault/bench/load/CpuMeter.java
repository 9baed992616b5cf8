package com.estatekit.vault.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time from Linux {@code /proc}: the whole machine, the app process and this (load generator)
 * process, so each phase can say how many of the cores went to the server, to the load generator
 * and to everything else (mostly PostgreSQL). On other systems every figure reads as unknown.
 */
public final class CpuMeter {

    /** Linux USER_HZ; 100 on every mainstream distribution and architecture. */
    private static final double TICKS_PER_SECOND = 100.0;

    private final long appPid;
    private final long selfPid = ProcessHandle.current().pid();

    public CpuMeter(long appPid) {
        this.appPid = appPid;
    }

    /** A reading now. */
    public Snapshot snapshot() {
        long[] machine = machineTicks();
        return new Snapshot(System.nanoTime(), machine[0], processTicks(appPid), processTicks(selfPid));
    }

    /** Average cores busy between two readings. */
    public static Usage between(Snapshot from, Snapshot to) {
        double seconds = (to.nanoTime - from.nanoTime) / 1e9;
        if (seconds <= 0 || from.machineBusyTicks < 0 || to.machineBusyTicks < 0) {
            return Usage.UNKNOWN;
        }
        double total = (to.machineBusyTicks - from.machineBusyTicks) / TICKS_PER_SECOND / seconds;
        double app = (to.appTicks - from.appTicks) / TICKS_PER_SECOND / seconds;
        double generator = (to.selfTicks - from.selfTicks) / TICKS_PER_SECOND / seconds;
        return new Usage(total, app, generator, Math.max(0, total - app - generator));
    }

    /** Raw counters; {@code -1} where unknown. */
    public record Snapshot(long nanoTime, long machineBusyTicks, long appTicks, long selfTicks) {
    }

    /** Average busy cores over an interval. */
    public record Usage(double total, double app, double generator, double other) {
        public static final Usage UNKNOWN = new Usage(Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }

    /**
     * Average cores busy in processes other than this one and its finished children (e.g. JMH
     * forks) since {@code from}, a reading of {@link #foreignSnapshot()}: the noise from the rest
     * of the machine. NaN where unknown.
     */
    public static double foreignCores(long[] from) {
        long[] to = foreignSnapshot();
        if (from[0] < 0 || to[0] < 0 || from[1] < 0 || to[1] < 0) {
            return Double.NaN;
        }
        double seconds = (to[2] - from[2]) / 1e9;
        return Math.max(0, ((to[0] - from[0]) - (to[1] - from[1])) / TICKS_PER_SECOND / seconds);
    }

    /** {machine busy ticks, this process's and its waited-for children's ticks, nanoTime}. */
    public static long[] foreignSnapshot() {
        long self;
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            self = Long.parseLong(fields[11]) + Long.parseLong(fields[12]) + Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
        } catch (IOException | RuntimeException notLinux) {
            self = -1;
        }
        return new long[] {machineTicks()[0], self, System.nanoTime()};
    }

    /** {busy} jiffies of all CPUs from the first line of /proc/stat. */
    private static long[] machineTicks() {
        try {
            String line = Files.readAllLines(Path.of("/proc/stat")).get(0);
            String[] fields = line.trim().split("\\s+");
            // cpu user nice system idle iowait irq softirq steal ...
            long busy = 0;
            for (int i = 1; i < fields.length && i <= 8; i++) {
                if (i != 4 && i != 5) {
                    busy += Long.parseLong(fields[i]);
                }
            }
            return new long[] {busy};
        } catch (IOException | RuntimeException notLinux) {
            return new long[] {-1};
        }
    }

    /** utime + stime of a process (all its threads), in jiffies. */
    static long processTicks(long pid) {
        try {
            return parseProcessTicks(Files.readString(Path.of("/proc/" + pid + "/stat")));
        } catch (IOException | RuntimeException gone) {
            return -1;
        }
    }

    static long parseProcessTicks(String stat) {
        // The command name may contain spaces and parentheses: fields restart after the last ')'.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        // fields[0] is field 3 (state); utime is field 14, stime field 15.
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
