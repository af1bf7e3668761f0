package dev.lambdarec.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Small archives that expand to something huge: refused with the limit named, in bounded memory. */
@Timeout(300)
class ArchiveBombTest {
    @TempDir
    Path dir;

    private Path zipOf(String name, String member, byte[] unit, long bytes) throws Exception {
        return dev.lambdarec.testing.Bombs.zip(dir.resolve(name), java.util.List.of(member), unit, bytes);
    }

    @Test
    void aSingleHugeLineIsRefusedAtTheHeaderSniff() throws Exception {
        Path zip = zipOf("one-line.zip", "ratings.csv", "a".getBytes(StandardCharsets.US_ASCII), 48L << 20);
        assertThat(Files.size(zip)).isLessThan(1 << 20);
        assertThatThrownBy(() -> RawReaderTest.read(zip, RatingsFormat.CSV, CsvOptions.DEFAULT, dir))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("the first line is over 1048576 bytes");
    }

    @Test
    void anArchiveBombOfRepeatedRowsIsRefusedByItsExpansionRatio() throws Exception {
        Path zip = zipOf("bomb.zip", "ml-100k/u.data", "196\t242\t3\t881250949\n".getBytes(StandardCharsets.US_ASCII), 400L << 20);
        assertThat(Files.size(zip)).isLessThan(3 << 20);
        assertThatThrownBy(() -> RawReaderTest.read(zip, RatingsFormat.MOVIELENS_100K, CsvOptions.DEFAULT, dir))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("expands more than 100.0 times its stored size")
                .hasMessageContaining("lambdarec.prepare.max-compression-ratio");
    }

    @Test
    void theExpandedSizeLimitIsConfigurable() throws Exception {
        Path zip = zipOf("small.zip", "ml-100k/u.data", "196\t242\t3\t881250949\n".getBytes(StandardCharsets.US_ASCII), 4L << 20);
        try (SourceFiles files = SourceFiles.open(zip, new ArchiveLimits(1 << 20, 100));
             Rejections rejections = new Rejections(dir.resolve("rejected.tsv.gz"))) {
            assertThatThrownBy(() -> RawReader.read(RawInput.resolve(files, RatingsFormat.MOVIELENS_100K, CsvOptions.DEFAULT), rejections))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("expands past 1048576 bytes (lambdarec.prepare.max-expanded-bytes)");
        }
    }

    /** Millions of copies of one row keep one pair in memory; every row is still counted. */
    @Test
    void repeatedRowsAreMergedAsTheyArriveAndCounted() throws Exception {
        Path file = dir.resolve("ml-100k/u.data");
        Files.createDirectories(file.getParent());
        int copies = 2_000_000;
        try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file))) {
            for (int i = 0; i < copies; i++) {
                out.write(("196\t242\t" + (1 + i % 5) + "\t" + (881250949L + i % 7) + "\n").getBytes(StandardCharsets.US_ASCII));
            }
        }
        RawReader.Read read = RawReaderTest.read(file.getParent(), RatingsFormat.MOVIELENS_100K, CsvOptions.DEFAULT, dir);
        assertThat(read.interactions().size()).isEqualTo(1);
        assertThat(read.duplicatesMerged()).isEqualTo(copies - 1);
        assertThat(read.counts().rowsRead()).isEqualTo(copies);
        // the latest timestamp wins (881250955 first appears at row 6, rating 2), and the last row read among ties
        long latestRow = (copies - 1) - ((copies - 1 - 6) % 7);
        assertThat(read.interactions().rating(0)).isEqualTo((float) (1 + latestRow % 5));
    }
}
