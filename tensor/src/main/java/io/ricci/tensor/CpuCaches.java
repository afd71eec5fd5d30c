package io.ricci.tensor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The data-cache sizes the operating system reports for the CPU Ricci runs on, as the GEMM's blocking
 * model ({@link GemmSchedule#blocking}) needs them: L1 data, L2 and the share of the last-level cache
 * one core can count on (its size divided by the CPUs that share it). Read once from Linux's
 * {@code /sys/devices/system/cpu/cpu0/cache/index*}; where that is missing (another OS, a container
 * hiding sysfs) or unreadable, the {@link #FALLBACK} sizes of a common x86 core are used and
 * {@link #source()} says so. Each size can be overridden with {@code -Dricci.cache.l1d},
 * {@code ricci.cache.l2} or {@code ricci.cache.l3} (bytes, or with a K/M suffix; l3 is per core).
 */
record CpuCaches(long l1d, long l2, long l3PerCore, String source) {
    /** 32 KiB L1d, 512 KiB L2, 2 MiB of L3 per core: an x86 core of the last decade, conservatively. */
    static final CpuCaches FALLBACK = new CpuCaches(32 << 10, 512 << 10, 2 << 20, "default sizes (no cache information)");

    /** The caches of this machine, with the property overrides applied. */
    static final CpuCaches SYSTEM = withOverrides(read(Path.of("/sys/devices/system/cpu/cpu0/cache")));

    /**
     * The caches described under {@code dir} (sysfs layout: {@code indexN/level}, {@code type},
     * {@code size}, {@code shared_cpu_list}); a level that is absent keeps {@link #FALLBACK}'s size.
     */
    static CpuCaches read(Path dir) {
        long l1 = -1, l2 = -1, l3 = -1;
        for (int i = 0; i < 16; i++) {
            Path d = dir.resolve("index" + i);
            if (!Files.isDirectory(d)) {
                continue;
            }
            try {
                String type = line(d.resolve("type"));
                if (type.equals("Instruction")) {
                    continue;
                }
                int level = Integer.parseInt(line(d.resolve("level")));
                long size = parseSize(line(d.resolve("size")));
                if (level == 1) {
                    l1 = size;
                } else if (level == 2) {
                    l2 = size;
                } else if (level == 3) {
                    Path shared = d.resolve("shared_cpu_list");
                    l3 = size / (Files.exists(shared) ? Math.max(1, countCpus(line(shared))) : 1);
                }
            } catch (IOException | IllegalArgumentException e) {
                // an unreadable or malformed entry: keep the fallback for that level
            }
        }
        if (l1 < 0 && l2 < 0 && l3 < 0) {
            return FALLBACK;
        }
        return new CpuCaches(l1 > 0 ? l1 : FALLBACK.l1d, l2 > 0 ? l2 : FALLBACK.l2, l3 > 0 ? l3 : FALLBACK.l3PerCore,
                "the OS (" + dir + ")");
    }

    private static CpuCaches withOverrides(CpuCaches c) {
        long l1 = property("ricci.cache.l1d", c.l1d), l2 = property("ricci.cache.l2", c.l2);
        long l3 = property("ricci.cache.l3", c.l3PerCore);
        return l1 == c.l1d && l2 == c.l2 && l3 == c.l3PerCore ? c : new CpuCaches(l1, l2, l3, c.source + " with -Dricci.cache.*");
    }

    private static long property(String name, long dflt) {
        String v = System.getProperty(name);
        if (v == null) {
            return dflt;
        }
        long s = parseSize(v);
        if (s < 1024) {
            throw new IllegalArgumentException("-D" + name + "=" + v + ": a cache size must be at least 1K");
        }
        return s;
    }

    private static String line(Path p) throws IOException {
        byte[] b = Files.readAllBytes(p);
        return new String(b, 0, Math.min(b.length, 256), StandardCharsets.US_ASCII).trim();
    }

    /** Bytes in a sysfs size such as {@code 48K}, {@code 1024K}, {@code 32M} or a plain number. */
    static long parseSize(String s) {
        String t = s.trim().toUpperCase(Locale.ROOT);
        long unit = 1;
        if (t.endsWith("K")) {
            unit = 1L << 10;
        } else if (t.endsWith("M")) {
            unit = 1L << 20;
        } else if (t.endsWith("G")) {
            unit = 1L << 30;
        }
        String digits = unit == 1 ? t : t.substring(0, t.length() - 1);
        try {
            long v = Long.parseLong(digits);
            if (v <= 0 || v > (1L << 40) / unit) {
                throw new NumberFormatException();
            }
            return v * unit;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("cache size '" + s + "' is not a positive number of bytes (K, M, G suffixes)");
        }
    }

    /** The number of CPUs in a list such as {@code 0-1,4,6-7}. */
    static int countCpus(String list) {
        int n = 0;
        for (String part : list.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int dash = p.indexOf('-');
            n += dash < 0 ? 1 : Integer.parseInt(p.substring(dash + 1)) - Integer.parseInt(p.substring(0, dash)) + 1;
        }
        return n;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "L1d %d KiB, L2 %d KiB, L3 %d KiB per core (%s)", l1d >> 10, l2 >> 10,
                l3PerCore >> 10, source);
    }
}
