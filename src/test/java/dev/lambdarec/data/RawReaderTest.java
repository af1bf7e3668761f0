package dev.lambdarec.data;

import static dev.lambdarec.testing.Files2.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lambdarec.testing.Files2;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every input format, on small fixtures written here. */
class RawReaderTest {

    @TempDir
    Path dir;

    static RawReader.Read read(Path source, RatingsFormat format, CsvOptions csv, Path scratch) throws Exception {
        try (SourceFiles files = SourceFiles.open(source);
             Rejections rejections = new Rejections(scratch.resolve("rejected-" + System.nanoTime() + ".tsv.gz"))) {
            return RawReader.read(RawInput.resolve(files, format, csv), rejections);
        }
    }

    private Path movielens100k(Path folder) throws Exception {
        write(folder.resolve("u.data"), "196\t242\t3\t881250949\n186\t302\t3\t891717742\n22\t377\t1\t878887116\n196\t302\t5\t881250950\n");
        write(folder.resolve("u.genre"), "unknown|0\nAction|1\nComedy|2\n\n");
        write(folder.resolve("u.item"), "242|Kolya (1996)|24-Jan-1997||http://x|0|0|1\n"
                + "302|L.A. Confidential (1997)|01-Jan-1997||http://x|0|1|0\n"
                + "377|Heavyweights (1994)|01-Jan-1994||http://x|0|0|1\n", StandardCharsets.ISO_8859_1);
        write(folder.resolve("u.user"), "196|49|M|writer|55105\n186|39|F|executive|00000\n22|25|M|writer|40206\n");
        return folder;
    }

    @Test
    void movielens100kDirectory() throws Exception {
        RawReader.Read read = read(movielens100k(dir.resolve("ml-100k")), RatingsFormat.MOVIELENS_100K, CsvOptions.DEFAULT, dir);
        Interactions data = read.interactions();
        assertThat(read.counts().rowsRead()).isEqualTo(4);
        assertThat(data.size()).isEqualTo(4);
        assertThat(data.userIds()).containsExactly("22", "186", "196"); // numeric order
        assertThat(data.itemIds()).containsExactly("242", "302", "377");
        assertThat(data.userStart(2)).isEqualTo(2);
        assertThat(data.itemId(data.item(2))).isEqualTo("242");
        assertThat(data.rating(3)).isEqualTo(5f);
        assertThat(data.timestamp(3)).isEqualTo(881250950L);
        assertThat(read.items().row("302")).containsExactly("L.A. Confidential (1997)", "Action");
        assertThat(read.users().row("186")).containsExactly("39", "F", "executive", "00000");
    }

    @Test
    void movielens100kZipAsGroupLensShipsIt() throws Exception {
        Path folder = movielens100k(dir.resolve("src"));
        Path zip = Files2.zip(folder, "ml-100k", dir.resolve("ml-100k.zip"));
        RawReader.Read read = read(zip, RatingsFormat.MOVIELENS_100K, CsvOptions.DEFAULT, dir);
        assertThat(read.interactions().size()).isEqualTo(4);
        assertThat(read.items().size()).isEqualTo(3);
    }

    @Test
    void movielens100kLatin1Titles() throws Exception {
        Path folder = movielens100k(dir.resolve("ml"));
        write(folder.resolve("u.item"), "242|Kolya (1996)|x||u|0|0|1\n302|Cité des enfants perdus, La (1995)|x||u|0|1|0\n",
                StandardCharsets.ISO_8859_1);
        RawReader.Read read = read(folder, RatingsFormat.MOVIELENS_100K, CsvOptions.DEFAULT, dir);
        assertThat(read.items().row("302")[0]).isEqualTo("Cité des enfants perdus, La (1995)");
    }

    @Test
    void movielens1m() throws Exception {
        Path folder = dir.resolve("ml-1m");
        write(folder.resolve("ratings.dat"), "1::1193::5::978300760\n1::661::3::978302109\n2::1193::4::978298413\n");
        write(folder.resolve("movies.dat"), "1193::One Flew Over the Cuckoo's Nest (1975)::Drama\n661::James and the Giant Peach (1996)::Animation|Children's|Musical\n",
                StandardCharsets.ISO_8859_1);
        write(folder.resolve("users.dat"), "1::F::1::10::48067\n2::M::56::16::70072\n");
        RawReader.Read read = read(folder, RatingsFormat.MOVIELENS_1M, CsvOptions.DEFAULT, dir);
        assertThat(read.interactions().size()).isEqualTo(3);
        assertThat(read.items().row("661")).containsExactly("James and the Giant Peach (1996)", "Animation|Children's|Musical");
        assertThat(read.users().row("2")).containsExactly("56", "M", "16", "70072");
    }

    @Test
    void movielensLatestWithQuotedTitlesAndHalfStars() throws Exception {
        Path folder = dir.resolve("ml-latest-small");
        write(folder.resolve("ratings.csv"), "userId,movieId,rating,timestamp\n1,1,4.0,964982703\n1,3,3.5,964981247\n2,11,0.5,1445714835\n");
        write(folder.resolve("movies.csv"), "movieId,title,genres\n1,Toy Story (1995),Adventure|Animation\n"
                + "11,\"American President, The (1995)\",Comedy|Drama|Romance\n3,\"Say \"\"Hi\"\" (2000)\",(no genres listed)\n");
        RawReader.Read read = read(folder, RatingsFormat.MOVIELENS_LATEST, CsvOptions.DEFAULT, dir);
        assertThat(read.counts().headerLines()).isEqualTo(1);
        assertThat(read.interactions().size()).isEqualTo(3);
        assertThat(read.interactions().rating(1)).isEqualTo(3.5f);
        assertThat(read.items().row("11")).containsExactly("American President, The (1995)", "Comedy|Drama|Romance");
        assertThat(read.items().row("3")).containsExactly("Say \"Hi\" (2000)", "");
    }

    @Test
    void csvWithColumnsByName() throws Exception {
        Path file = write(dir.resolve("events.csv"), "ts;rating;item;user\n1700000000;2;b;x\n1700000001;5;a;y\n");
        CsvOptions csv = new CsvOptions(CsvOptions.parseColumns("user=user,item=item,rating=rating,timestamp=ts"),
                ";", true, new RatingScale(1, 5, 0), null);
        RawReader.Read read = read(file, RatingsFormat.CSV, csv, dir);
        assertThat(read.interactions().userIds()).containsExactly("x", "y");
        assertThat(read.interactions().itemId(read.interactions().item(0))).isEqualTo("b");
        assertThat(read.interactions().timestamp(1)).isEqualTo(1700000001L);
    }

    @Test
    void csvWithoutHeaderByIndexIgnoresExtraColumns() throws Exception {
        Path file = write(dir.resolve("plain.tsv"), "u1\ti1\t3\textra\nu2\ti1\t4\textra\n");
        CsvOptions csv = new CsvOptions(CsvOptions.parseColumns("user=0,item=1,rating=2"), "\t", null, RatingScale.ANY, null);
        RawReader.Read read = read(file, RatingsFormat.CSV, csv, dir);
        assertThat(read.counts().accepted()).isEqualTo(2);
        assertThat(read.interactions().hasTimestamps()).isFalse();
    }

    @Test
    void csvColumnsGuessedFromHeaderAndImplicitWithIsoTimes() throws Exception {
        Path file = write(dir.resolve("clicks.csv"), "customer_id|product_id|event_time\nc1|p1|2024-01-02T03:04:05Z\n"
                + "c1|p2|2024-01-02 03:04:06\nc2|p1|2024-01-03\n");
        RawReader.Read read = read(file, RatingsFormat.CSV, CsvOptions.DEFAULT, dir);
        Interactions data = read.interactions();
        assertThat(data.hasRatings()).isFalse();
        assertThat(data.rating(0)).isEqualTo(1f);
        assertThat(data.timestamp(0)).isEqualTo(1704164645L);
        assertThat(data.timestamp(1)).isEqualTo(1704164646L);
        assertThat(data.timestamp(2)).isEqualTo(1704240000L);
    }

    @Test
    void gzippedCsvInADirectory() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write("userId,itemId,rating\n1,2,5\n3,4,1\n".getBytes(StandardCharsets.UTF_8));
        }
        write(dir.resolve("in/ratings.csv.gz"), bytes.toByteArray());
        RawReader.Read read = read(dir.resolve("in"), RatingsFormat.CSV, CsvOptions.DEFAULT, dir);
        assertThat(read.interactions().size()).isEqualTo(2);
    }

    @Test
    void duplicatesKeepTheLatest() throws Exception {
        Path file = write(dir.resolve("dups.csv"), "user,item,rating,timestamp\nu,i,1,100\nu,i,5,300\nu,i,3,200\nu,j,2,5\nu,j,4,5\n");
        RawReader.Read read = read(file, RatingsFormat.CSV, CsvOptions.DEFAULT, dir);
        assertThat(read.duplicatesMerged()).isEqualTo(3);
        assertThat(read.interactions().size()).isEqualTo(2);
        assertThat(read.interactions().rating(0)).isEqualTo(5f); // latest timestamp
        assertThat(read.interactions().rating(1)).isEqualTo(4f); // same time: the row read last
        assertThat(read.counts().rowsRead()).isEqualTo(read.counts().accepted() + read.counts().rejected());
    }

    @Test
    void missingFilesAndUnknownColumnsAreNamed() throws Exception {
        write(dir.resolve("empty/readme.txt"), "nothing here");
        assertThatThrownBy(() -> read(dir.resolve("empty"), RatingsFormat.MOVIELENS_100K, CsvOptions.DEFAULT, dir))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("has no u.data");
        Path file = write(dir.resolve("x.csv"), "a,b,c\n1,2,3\n");
        assertThatThrownBy(() -> read(file, RatingsFormat.CSV, CsvOptions.DEFAULT, dir))
                .hasMessageContaining("cannot tell the user and item columns from the header [a, b, c]");
        CsvOptions wrong = new CsvOptions(CsvOptions.parseColumns("user=a,item=nope"), ",", true, RatingScale.ANY, null);
        assertThatThrownBy(() -> read(file, RatingsFormat.CSV, wrong, dir))
                .hasMessageContaining("item column 'nope' is not in the header [a, b, c]");
        assertThatThrownBy(() -> read(dir.resolve("missing"), RatingsFormat.CSV, CsvOptions.DEFAULT, dir))
                .hasMessageContaining("does not exist");
    }

    @Test
    void allRowsBadIsAnErrorNotAnEmptyDataset() throws Exception {
        Path file = write(dir.resolve("bad.csv"), "user,item,rating\nu,,1\n,i,2\n");
        assertThatThrownBy(() -> read(file, RatingsFormat.CSV, CsvOptions.DEFAULT, dir))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("none of the 2 rows is valid")
                .hasMessageContaining("empty_item").hasMessageContaining("empty_user");
    }

    @Test
    void vocabularyAssignsDenseIndicesOnce() {
        IdVocabulary vocabulary = new IdVocabulary(StandardCharsets.UTF_8);
        for (int i = 0; i < 5000; i++) {
            byte[] id = ("id-" + i).getBytes(StandardCharsets.UTF_8);
            assertThat(vocabulary.indexOf(id, 0, id.length)).isEqualTo(i);
        }
        byte[] again = "xxid-1234xx".getBytes(StandardCharsets.UTF_8);
        assertThat(vocabulary.indexOf(again, 2, 9)).isEqualTo(1234);
        assertThat(vocabulary.size()).isEqualTo(5000);
        assertThat(vocabulary.id(4321)).isEqualTo("id-4321");
        assertThat(Map.of("n", vocabulary.ids().length)).containsEntry("n", 5000);
    }
}
