package io.ricci.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reading the cache sizes from a sysfs-shaped tree, and what happens when it is missing or malformed. */
class CpuCachesTest {
    @TempDir
    Path dir;

    private void index(int i, String level, String type, String size, String shared) throws IOException {
        Path d = Files.createDirectories(dir.resolve("index" + i));
        Files.writeString(d.resolve("level"), level + "\n");
        Files.writeString(d.resolve("type"), type + "\n");
        Files.writeString(d.resolve("size"), size + "\n");
        if (shared != null) {
            Files.writeString(d.resolve("shared_cpu_list"), shared + "\n");
        }
    }

    @Test
    void readsTheDataCachesAndSplitsTheSharedLevel() throws IOException {
        // the layout Linux gives a 2-CPU Zen 5 VM: L1d, L1i, L2 per core, L3 shared by CPUs 0-1
        index(0, "1", "Data", "48K", "0");
        index(1, "1", "Instruction", "32K", "0");
        index(2, "2", "Unified", "1024K", "0");
        index(3, "3", "Unified", "32768K", "0-1");
        CpuCaches c = CpuCaches.read(dir);
        assertThat(c.l1d()).isEqualTo(48 << 10);
        assertThat(c.l2()).isEqualTo(1 << 20);
        assertThat(c.l3PerCore()).isEqualTo(16 << 20);
        assertThat(c.toString()).contains("L1d 48 KiB", "L2 1024 KiB", "L3 16384 KiB per core");
    }

    @Test
    void aMissingTreeGivesTheFallback() {
        assertThat(CpuCaches.read(dir.resolve("absent"))).isEqualTo(CpuCaches.FALLBACK);
        assertThat(CpuCaches.FALLBACK.source()).contains("no cache information");
    }

    @Test
    void aMalformedLevelKeepsTheFallbackForThatLevelOnly() throws IOException {
        index(0, "1", "Data", "lots", "0");
        index(2, "2", "Unified", "2M", "0");
        index(3, "3", "Unified", "8M", "0-3,8-11");
        CpuCaches c = CpuCaches.read(dir);
        assertThat(c.l1d()).isEqualTo(CpuCaches.FALLBACK.l1d());
        assertThat(c.l2()).isEqualTo(2 << 20);
        assertThat(c.l3PerCore()).isEqualTo((8 << 20) / 8);
    }

    @Test
    void theMachinesOwnCachesAreSane() {
        CpuCaches c = CpuCaches.SYSTEM;
        assertThat(c.l1d()).isBetween(1L << 10, 1L << 30);
        assertThat(c.l2()).isBetween(1L << 10, 1L << 34);
        assertThat(c.l3PerCore()).isPositive();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"48K, 49152", "1024K, 1048576", "32M, 33554432", "1G, 1073741824", "4096, 4096", " 64k , 65536"})
    void parsesSizes(String s, long bytes) {
        assertThat(CpuCaches.parseSize(s)).isEqualTo(bytes);
    }

    @ParameterizedTest(name = "''{0}''")
    @CsvSource({"''", "K", "-4K", "0", "12Q", "99999999999G"})
    void refusesSizesThatAreNotSizes(String s) {
        assertThatThrownBy(() -> CpuCaches.parseSize(s)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a positive number of bytes");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            0         | 1
            0-1       | 2
            0-3,8-11  | 8
            0,2,4     | 3
            """)
    void countsCpuLists(String list, int n) {
        assertThat(CpuCaches.countCpus(list)).isEqualTo(n);
    }
}
