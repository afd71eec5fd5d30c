package io.ricci.nn.mnist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The probe's IDX findings, one row each (a header declaring more than the file holds, corrupt and
 * truncated gzip data), read from a path and from a stream: each is an {@link IdxFormatException}
 * naming the file and what was wrong, at no more memory than twice the file plus a small constant.
 */
class IdxReaderTest {
    @TempDir
    Path tmp;

    static byte[] valid() {
        byte[] data = new byte[3 * 4 * 4];
        new Random(2).nextBytes(data);
        return IdxFuzzTest.idx(new int[] {3, 4, 4}, data);
    }

    static Stream<Arguments> findings() throws IOException {
        // 16 bytes: three dimensions whose product is 2^31 - 16, no data.
        byte[] lying = IdxFuzzTest.idx(new int[] {16, 134217727, 1}, new byte[0]);
        byte[] tooMany = IdxFuzzTest.idx(new int[] {32768, 65536, 1}, new byte[0]);
        byte[] small = IdxFuzzTest.idx(new int[] {1000, 1000}, new byte[116]);
        byte[] gz = IdxFuzzTest.gzip(valid());
        byte[] cut = Arrays.copyOf(gz, gz.length / 2);
        byte[] isize = gz.clone();
        ByteBuffer.wrap(isize).putInt(isize.length - 4, 0x7fffffff);
        byte[] crc = gz.clone();
        crc[crc.length - 6] ^= 1;
        byte[] notGzip = {0x1f, (byte) 0x8b, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        String need = "truncated at byte 16: dimensions [16, 134217727, 1] need 2147483632 data bytes, found 0";
        return Stream.of(
                Arguments.of("16-byte header declaring 2^31 - 16 bytes", lying, need),
                Arguments.of("16-byte header declaring 2^31 bytes", tooMany,
                        "dimensions [32768, 65536] describe more than 2^31 bytes"),
                Arguments.of("the same inside a gzip", IdxFuzzTest.gzip(lying), " (after gunzip): " + need),
                Arguments.of("128 bytes declaring 10^6", small,
                        "truncated at byte 128: dimensions [1000, 1000] need 1000000 data bytes, found 116"),
                Arguments.of("truncated gzip", cut, ": truncated gzip data after "),
                Arguments.of("lying gzip size trailer", isize, ": corrupt gzip data after 64 uncompressed bytes"
                        + " (Corrupt GZIP trailer)"),
                Arguments.of("flipped gzip CRC", crc, ": corrupt gzip data after 64 uncompressed bytes (Corrupt GZIP trailer)"),
                Arguments.of("gzip magic, then garbage", notGzip, ": corrupt gzip data after 0 uncompressed bytes"
                        + " (Unsupported compression method)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("findings")
    void findingIsAnIdxFormatErrorWithinTheMemoryBound(String what, byte[] bytes, String fragment) throws IOException {
        Path p = tmp.resolve("digits.idx.gz");
        Files.write(p, bytes);
        Files.write(tmp.resolve("ok.idx"), valid());
        for (boolean stream : new boolean[] {false, true}) {
            IdxFuzzTest.Read read = stream ? () -> Idx.read(new ByteArrayInputStream(bytes), "digits.idx.gz")
                    : () -> Idx.read(p);
            // Load the reader's classes and link its call sites first (a valid file, then this one).
            Idx.read(tmp.resolve("ok.idx"));
            IdxFuzzTest.measure(read);
            IdxFuzzTest.Outcome o = IdxFuzzTest.measure(read);
            assertThat(o.thrown()).as(what).isInstanceOf(IdxFormatException.class);
            assertThat(o.thrown().getMessage()).as(what).startsWith(stream ? "digits.idx.gz" : p.toString())
                    .contains(fragment);
            assertThat(o.allocated()).as("%s: bytes allocated reading %d bytes", what, bytes.length)
                    .isLessThanOrEqualTo(2L * bytes.length + IdxFuzzTest.SLACK);
        }
    }
}
