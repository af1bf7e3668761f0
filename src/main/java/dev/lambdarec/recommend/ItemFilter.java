package dev.lambdarec.recommend;

import dev.lambdarec.model.ServingModel;
import java.util.HashSet;
import java.util.Set;

/**
 * Which items a list may hold, by external ids and genres: never an {@code exclude}d item, only {@code include}d
 * ones when that is given, only items of one of the {@code genres} when those are given. Ids the model does not
 * know simply match nothing. Resolved against a model when a list is made ({@link #banned}).
 *
 * @param include null: every item (empty: none)
 * @param genres  null: every genre (empty: none)
 */
public record ItemFilter(Set<String> exclude, Set<String> include, Set<String> genres) {
    public static final ItemFilter NONE = new ItemFilter(Set.of(), null, null);

    public ItemFilter {
        exclude = exclude == null ? Set.of() : Set.copyOf(exclude);
        include = include == null ? null : Set.copyOf(include);
        genres = genres == null ? null : Set.copyOf(genres);
    }

    /** A run-wide filter, as the batch settings give it: only these genres (empty: all), never these items. */
    public static ItemFilter standing(Set<String> genres, Set<String> excludeItems) {
        return new ItemFilter(excludeItems, null, genres.isEmpty() ? null : genres);
    }

    public boolean isNone() {
        return exclude.isEmpty() && include == null && genres == null;
    }

    /** Both filters at once: what either excludes, within what both include, of genres both allow. */
    public ItemFilter and(ItemFilter other) {
        if (isNone()) {
            return other;
        }
        if (other.isNone()) {
            return this;
        }
        Set<String> excluded = new HashSet<>(exclude);
        excluded.addAll(other.exclude);
        return new ItemFilter(excluded, intersect(include, other.include), intersect(genres, other.genres));
    }

    /** A mask over the model's items, true where the filter rules an item out; null when it rules out none. */
    public boolean[] banned(ServingModel model) {
        if (isNone()) {
            return null;
        }
        boolean[] banned = new boolean[model.numItems()];
        if (include != null) {
            java.util.Arrays.fill(banned, true);
            for (String id : include) {
                int item = model.itemIndex(id);
                if (item >= 0) {
                    banned[item] = false;
                }
            }
        }
        for (String id : exclude) {
            int item = model.itemIndex(id);
            if (item >= 0) {
                banned[item] = true;
            }
        }
        if (genres != null) {
            for (int item = 0; item < banned.length; item++) {
                banned[item] |= model.genres(item).stream().noneMatch(genres::contains);
            }
        }
        return banned;
    }

    /** null stands for "everything", so the intersection with it is the other set. */
    private static Set<String> intersect(Set<String> a, Set<String> b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        Set<String> both = new HashSet<>(a);
        both.retainAll(b);
        return both;
    }
}
