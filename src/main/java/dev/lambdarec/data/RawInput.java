package dev.lambdarec.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A raw input resolved against its format: which file holds the ratings and how to read it, and which side
 * files (item titles and genres, user demographics) come with it.
 */
public final class RawInput {
    static final String[] ML100K_GENRES = {"unknown", "Action", "Adventure", "Animation", "Children's", "Comedy",
        "Crime", "Documentary", "Drama", "Fantasy", "Film-Noir", "Horror", "Musical", "Mystery", "Romance", "Sci-Fi",
        "Thriller", "War", "Western"};
    private static final RatingScale WHOLE_STARS = new RatingScale(1, 5, 1);
    private static final RatingScale HALF_STARS = new RatingScale(0.5, 5, 0.5);
    private static final Charset LATIN_1 = StandardCharsets.ISO_8859_1;

    private final SourceFiles files;
    private final RatingsFormat format;
    private final String ratingsMember;
    private final RatingsLayout layout;
    private final String itemsMember;
    private final String usersMember;

    private RawInput(SourceFiles files, RatingsFormat format, String ratingsMember, RatingsLayout layout,
                     String itemsMember, String usersMember) {
        this.files = files;
        this.format = format;
        this.ratingsMember = ratingsMember;
        this.layout = layout;
        this.itemsMember = itemsMember;
        this.usersMember = usersMember;
    }

    public static RawInput resolve(SourceFiles files, RatingsFormat format, CsvOptions csv) throws IOException {
        return switch (format) {
            case MOVIELENS_100K -> new RawInput(files, format,
                    files.require("u.data", "MovieLens 100K ratings"),
                    new RatingsLayout("\t", false, ColumnRef.at(0), ColumnRef.at(1), ColumnRef.at(2), ColumnRef.at(3),
                            LATIN_1, false, WHOLE_STARS, 4),
                    files.find("u.item").orElse(null), files.find("u.user").orElse(null));
            case MOVIELENS_1M -> new RawInput(files, format,
                    files.require("ratings.dat", "MovieLens 1M ratings"),
                    new RatingsLayout("::", false, ColumnRef.at(0), ColumnRef.at(1), ColumnRef.at(2), ColumnRef.at(3),
                            LATIN_1, false, WHOLE_STARS, 4),
                    files.find("movies.dat").orElse(null), files.find("users.dat").orElse(null));
            case MOVIELENS_LATEST -> new RawInput(files, format,
                    files.require("ratings.csv", "MovieLens latest ratings"),
                    new RatingsLayout(",", true, ColumnRef.named("userId"), ColumnRef.named("movieId"),
                            ColumnRef.named("rating"), ColumnRef.named("timestamp"), StandardCharsets.UTF_8, true, HALF_STARS, 4),
                    files.find("movies.csv").orElse(null), null);
            case CSV -> resolveCsv(files, csv);
        };
    }

    private static RawInput resolveCsv(SourceFiles files, CsvOptions csv) throws IOException {
        String member = csv.file() != null ? files.require(csv.file(), "the ratings file named in the request")
                : onlyDataFile(files);
        String firstLine = firstLine(files, member);
        String delimiter = csv.delimiter() != null ? csv.delimiter() : sniffDelimiter(firstLine, files.describe() + "/" + member);
        boolean header = csv.header() != null ? csv.header() : !csv.allByIndex();
        Map<String, ColumnRef> columns = csv.columns();
        if (columns.isEmpty()) {
            if (!header) {
                throw new InvalidInputException("csv without a header needs columns, e.g. user=0,item=1,rating=2,timestamp=3");
            }
            columns = HeaderAliases.infer(CsvFields.split(firstLine, delimiter), member);
        }
        RatingsLayout layout = new RatingsLayout(delimiter, header, columns.get("user"), columns.get("item"),
                columns.getOrDefault("rating", ColumnRef.NONE), columns.getOrDefault("timestamp", ColumnRef.NONE),
                StandardCharsets.UTF_8, true, csv.scale(), 0);
        return new RawInput(files, RatingsFormat.CSV, member, layout, null, null);
    }

    private static String onlyDataFile(SourceFiles files) {
        List<String> candidates = files.members().stream()
                .filter(m -> m.toLowerCase(Locale.ROOT).matches(".*\\.(csv|tsv|txt|dat|data)(\\.gz)?$") || files.members().size() == 1)
                .toList();
        if (candidates.size() != 1) {
            throw new InvalidInputException(files.describe() + " has " + (candidates.isEmpty() ? "no" : candidates.size())
                    + " candidate ratings files " + candidates + "; name one with csv.file");
        }
        return candidates.get(0);
    }

    private static String firstLine(SourceFiles files, String member) throws IOException {
        try (InputStream in = files.open(member)) {
            LineScanner lines = new LineScanner(in);
            boolean any = lines.next();
            if (lines.tooLong()) {
                throw new InvalidInputException(member + ": the first line is over " + LineScanner.MAX_LINE
                        + " bytes, so it is neither a header nor a row");
            }
            if (!any) {
                throw new InvalidInputException(member + " is empty");
            }
            return new String(lines.buffer(), lines.start(), lines.end() - lines.start(), StandardCharsets.UTF_8).replace("\uFEFF", "");
        }
    }

    /** Each line of a member, decoded, none longer than {@link LineScanner#MAX_LINE} bytes (a longer one is {@code null}). */
    private interface LineVisitor {
        void line(long number, String line) throws IOException;
    }

    private void forEachLine(String member, Charset charset, LineVisitor visitor) throws IOException {
        try (InputStream in = files.open(member)) {
            LineScanner lines = new LineScanner(in);
            while (lines.next()) {
                visitor.line(lines.lineNumber(), lines.tooLong() ? null
                        : new String(lines.buffer(), lines.start(), lines.end() - lines.start(), charset));
            }
        }
    }

    static String sniffDelimiter(String line, String where) {
        String best = null;
        int bestCount = 0;
        for (String candidate : List.of("::", "\t", ",", ";", "|")) {
            int count = line.split(Pattern.quote(candidate), -1).length - 1;
            if (count > bestCount) {
                best = candidate;
                bestCount = count;
            }
        }
        if (best == null) {
            throw new InvalidInputException(where + ": cannot tell the delimiter from the first line; give one");
        }
        return best;
    }

    public RatingsFormat format() {
        return format;
    }

    public SourceFiles files() {
        return files;
    }

    public String ratingsMember() {
        return ratingsMember;
    }

    public RatingsLayout layout() {
        return layout;
    }

    /** Every file this input reads, ratings first: what the dataset id hashes. */
    public List<String> members() {
        List<String> members = new ArrayList<>();
        members.add(ratingsMember);
        Optional.ofNullable(itemsMember).ifPresent(members::add);
        Optional.ofNullable(usersMember).ifPresent(members::add);
        genreMember().ifPresent(members::add);
        return members;
    }

    private Optional<String> genreMember() {
        return format == RatingsFormat.MOVIELENS_100K ? files.find("u.genre") : Optional.empty();
    }

    /** Item columns: title, genres ('|'-joined). */
    public SideTable readItems(Rejections rejections) throws IOException {
        SideTable items = new SideTable("title", "genres");
        if (itemsMember == null) {
            return items;
        }
        switch (format) {
            case MOVIELENS_100K -> {
                String[] genres = readGenres100k();
                readSide(itemsMember, LATIN_1, rejections, line -> {
                    String[] f = line.split("\\|", -1);
                    if (f.length != 5 + genres.length) {
                        return "expected " + (5 + genres.length) + " '|'-separated fields, found " + f.length;
                    }
                    List<String> flagged = new ArrayList<>();
                    for (int g = 0; g < genres.length; g++) {
                        if (f[5 + g].equals("1")) {
                            flagged.add(genres[g]);
                        } else if (!f[5 + g].equals("0")) {
                            return "genre flag " + (g + 1) + " is '" + f[5 + g] + "', not 0 or 1";
                        }
                    }
                    items.put(f[0], f[1], String.join("|", flagged));
                    return null;
                });
            }
            case MOVIELENS_1M -> readSide(itemsMember, LATIN_1, rejections, line -> {
                String[] f = line.split("::", -1);
                if (f.length != 3) {
                    return "expected 3 '::'-separated fields, found " + f.length;
                }
                items.put(f[0], f[1], f[2]);
                return null;
            });
            case MOVIELENS_LATEST -> readSide(itemsMember, StandardCharsets.UTF_8, rejections, new SideLine() {
                boolean header = true;

                @Override
                public String accept(String line) {
                    if (header) {
                        header = false;
                        return null;
                    }
                    List<String> f = CsvFields.split(line, ",");
                    if (f == null || f.size() != 3) {
                        return "expected 3 comma-separated fields (movieId,title,genres)";
                    }
                    items.put(f.get(0), f.get(1), f.get(2).equals("(no genres listed)") ? "" : f.get(2));
                    return null;
                }
            });
            default -> {
            }
        }
        return items;
    }

    /** User columns: MovieLens demographics. */
    public SideTable readUsers(Rejections rejections) throws IOException {
        SideTable users = new SideTable("age", "gender", "occupation", "zip");
        if (usersMember == null) {
            return users;
        }
        String separator = format == RatingsFormat.MOVIELENS_100K ? "\\|" : "::";
        readSide(usersMember, LATIN_1, rejections, line -> {
            String[] f = line.split(separator, -1);
            if (f.length != 5) {
                return "expected 5 fields, found " + f.length;
            }
            if (format == RatingsFormat.MOVIELENS_100K) {
                users.put(f[0], f[1], f[2], f[3], f[4]); // id|age|gender|occupation|zip
            } else {
                users.put(f[0], f[2], f[1], f[3], f[4]); // id::gender::age::occupation::zip
            }
            return null;
        });
        return users;
    }

    private String[] readGenres100k() throws IOException {
        Optional<String> member = genreMember();
        if (member.isEmpty()) {
            return ML100K_GENRES;
        }
        List<String> names = new ArrayList<>();
        forEachLine(member.get(), LATIN_1, (number, line) -> {
            String[] f = line == null ? new String[0] : line.split("\\|");
            if (f.length == 2 && f[1].trim().matches("\\d{1,3}")) {
                int index = Integer.parseInt(f[1].trim());
                while (names.size() <= index) {
                    names.add("genre" + names.size());
                }
                names.set(index, f[0]);
            }
        });
        return names.isEmpty() ? ML100K_GENRES : names.toArray(String[]::new);
    }

    /** Returns null when the line was used, or why it was rejected. */
    private interface SideLine {
        String accept(String line);
    }

    private void readSide(String member, Charset charset, Rejections rejections, SideLine parser) throws IOException {
        forEachLine(member, charset, (number, line) -> {
            if (line == null) {
                rejections.reject(SourceFiles.baseName(member), number, RejectReason.LINE_TOO_LONG,
                        "line over " + LineScanner.MAX_LINE + " bytes", "");
            } else if (!line.isBlank()) {
                String problem = parser.accept(line);
                if (problem != null) {
                    rejections.reject(SourceFiles.baseName(member), number, RejectReason.FIELD_COUNT, problem, line);
                }
            }
        });
    }

    @Override
    public String toString() {
        return format + " from " + files.describe() + " (ratings " + ratingsMember + ", side files "
                + Arrays.asList(itemsMember, usersMember) + ")";
    }
}
