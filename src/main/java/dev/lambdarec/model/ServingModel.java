package dev.lambdarec.model;

import dev.lambdarec.store.StoreLayout;

import dev.lambdarec.io.NpzFile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * A model ready to serve: its scorer, external id <-> index maps, item genres for filters, and the popular
 * list (training interactions per item) for users it does not know.
 */
public final class ServingModel {
    private final ModelCard card;
    private final Scorer scorer;
    private final String[] userIds;
    private final String[] itemIds;
    private final Map<String, Integer> userIndex;
    private final Map<String, Integer> itemIndex;
    private final List<Set<String>> itemGenres;
    private final float[] popularity;
    private final Set<String> allGenres = new java.util.TreeSet<>();
    private final int longestItemIdJson;

    ServingModel(ModelCard card, Scorer scorer, String[] userIds, String[] itemIds, List<Set<String>> itemGenres) {
        this.card = card;
        this.scorer = scorer;
        this.userIds = userIds;
        this.itemIds = itemIds;
        this.userIndex = index(userIds);
        this.itemIndex = index(itemIds);
        this.itemGenres = itemGenres;
        this.popularity = new float[itemIds.length];
        for (int item : scorer.seen().items()) {
            popularity[item]++;
        }
        itemGenres.forEach(allGenres::addAll);
        int longest = 0;
        for (String id : itemIds) {
            longest = Math.max(longest, jsonBytes(id));
        }
        this.longestItemIdJson = longest;
        if (userIds.length != scorer.numUsers() || itemIds.length != scorer.numItems()) {
            throw new CorruptModelException("model " + card.modelId() + ": vocabularies (" + userIds.length + " users, "
                    + itemIds.length + " items) do not match its weights (" + scorer.numUsers() + ", " + scorer.numItems() + ")");
        }
    }

    static ServingModel load(Path dir, ModelCard card) throws IOException {
        Scorer scorer = Scorers.read(card.family(), NpzFile.read(dir.resolve(StoreLayout.WEIGHTS)));
        if (card.files().containsKey(StoreLayout.ANN_INDEX)) {
            scorer = withIndex(scorer, NpzFile.read(dir.resolve(StoreLayout.ANN_INDEX)));
        }
        List<String[]> users = readTsv(dir.resolve(StoreLayout.USERS));
        List<String[]> items = readTsv(dir.resolve(StoreLayout.ITEMS));
        String[] userIds = idsOf(users);
        String[] itemIds = idsOf(items);
        int genreColumn = List.of(items.get(0)).indexOf("genres");
        List<Set<String>> genres = new ArrayList<>();
        for (String[] row : items.subList(1, items.size())) {
            Set<String> set = new HashSet<>();
            if (genreColumn >= 0 && genreColumn < row.length && !row[genreColumn].isEmpty()) {
                set.addAll(List.of(row[genreColumn].split("\\|")));
            }
            genres.add(set);
        }
        return new ServingModel(card, scorer, userIds, itemIds, genres);
    }

    /** A factor model served through its ANN index; the index is checked against the model's vectors. */
    private static Scorer withIndex(Scorer scorer, NpzFile npz) {
        if (!(scorer instanceof FactorScorer factors)) {
            throw new CorruptModelException("the model lists an " + StoreLayout.ANN_INDEX + " but its family " + scorer.family()
                    + " has no item vectors to index");
        }
        return factors.withIndex(AnnIndex.read(npz, factors.retrievalVectors(), factors.retrievalDimension()));
    }

    public static ServingModel of(ModelCard card, Scorer scorer, String[] userIds, String[] itemIds, List<Set<String>> genres) {
        return new ServingModel(card, scorer, userIds, itemIds, genres);
    }

    /** The external ids of a users.tsv.gz or items.tsv.gz, in index order. */
    public static String[] ids(Path file) throws IOException {
        return idsOf(readTsv(file));
    }

    private static String[] idsOf(List<String[]> rows) {
        return rows.stream().skip(1).map(r -> r[1]).toArray(String[]::new); // header, then index \t id ...
    }

    private static List<String[]> readTsv(Path file) throws IOException {
        List<String[]> rows = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                rows.add(line.split("\t", -1));
            }
        }
        return rows;
    }

    private static Map<String, Integer> index(String[] ids) {
        Map<String, Integer> map = new HashMap<>(ids.length * 2);
        for (int i = 0; i < ids.length; i++) {
            map.put(ids[i], i);
        }
        return map;
    }

    /** Bytes a string takes as a JSON string literal in UTF-8, quotes included (an upper bound of answer sizes). */
    public static int jsonBytes(String text) {
        int bytes = 2;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            bytes += c == '"' || c == '\\' ? 2 : c < 0x20 ? 6 : c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
        }
        return bytes;
    }

    /** The longest item id of this model as JSON: what an answer's size is bounded with. */
    public int longestItemIdJson() {
        return longestItemIdJson;
    }

    /** Every genre some item of the model has, sorted. */
    public Set<String> allGenres() {
        return allGenres;
    }

    public ModelCard card() {
        return card;
    }

    public String modelId() {
        return card.modelId();
    }

    public Scorer scorer() {
        return scorer;
    }

    /** -1 when unknown. */
    public int userIndex(String id) {
        return id == null ? -1 : userIndex.getOrDefault(id, -1);
    }

    /** -1 when unknown. */
    public int itemIndex(String id) {
        return itemIndex.getOrDefault(id, -1);
    }

    public String userId(int index) {
        return userIds[index];
    }

    public String itemId(int index) {
        return itemIds[index];
    }

    public Set<String> genres(int item) {
        return itemGenres.get(item);
    }

    public float[] popularity() {
        return popularity;
    }

    public int numUsers() {
        return userIds.length;
    }

    public int numItems() {
        return itemIds.length;
    }
}
