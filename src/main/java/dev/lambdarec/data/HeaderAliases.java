package dev.lambdarec.data;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Recognises the usual names of the user, item, rating and timestamp columns in a ratings file's header. */
final class HeaderAliases {
    private static final Map<String, Set<String>> ALIASES = new LinkedHashMap<>();

    static {
        ALIASES.put("user", Set.of("user", "userid", "uid", "customer", "customerid", "visitorid", "reviewerid", "member", "memberid"));
        ALIASES.put("item", Set.of("item", "itemid", "iid", "movie", "movieid", "product", "productid", "asin", "song",
                "songid", "track", "trackid", "book", "bookid", "isbn", "artist", "artistid"));
        ALIASES.put("rating", Set.of("rating", "ratings", "score", "stars", "rate", "preference", "value"));
        ALIASES.put("timestamp", Set.of("timestamp", "time", "ts", "date", "datetime", "unixtimestamp", "unixreviewtime",
                "eventtime", "createdat"));
    }

    private HeaderAliases() {
    }

    static Map<String, ColumnRef> infer(List<String> header, String file) {
        if (header == null) {
            throw new InvalidInputException(file + ": the header line is not well-formed CSV (an unclosed quote, or text after a closing quote)");
        }
        Map<String, ColumnRef> columns = new LinkedHashMap<>();
        for (Map.Entry<String, Set<String>> role : ALIASES.entrySet()) {
            for (String name : header) {
                String normalized = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
                if (role.getValue().contains(normalized) && !columns.containsValue(ColumnRef.named(name))) {
                    columns.put(role.getKey(), ColumnRef.named(name));
                    break;
                }
            }
        }
        if (!columns.containsKey("user") || !columns.containsKey("item")) {
            throw new InvalidInputException(file + ": cannot tell the user and item columns from the header " + header
                    + "; give columns, e.g. user=" + header.get(0) + ",item=" + (header.size() > 1 ? header.get(1) : "1"));
        }
        return columns;
    }
}
