package dev.lambdarec.model;

import dev.lambdarec.io.NpzFile;
import dev.lambdarec.io.NpzWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.util.hnsw.HnswGraph;
import org.apache.lucene.util.hnsw.HnswGraphBuilder;
import org.apache.lucene.util.hnsw.NeighborArray;
import org.apache.lucene.util.hnsw.OnHeapHnswGraph;

/**
 * An approximate nearest-neighbour index for maximum inner product over a model's item vectors: Lucene's HNSW
 * graph, built by the trainer, stored as plain int arrays beside the weights (ann.npz), and searched in memory
 * without an index directory. Search returns candidates; callers re-score them exactly
 * ({@link dev.lambdarec.recommend.Recommender}).
 *
 * <p>Inner product is not a metric, and an HNSW graph built on it leaves vectors that are nobody's nearest (short
 * ones) without a single link to them: measured on trained iALS vectors, 11% of the true top 10 could not be found
 * even asking for every item. After the build, every node no other node links to at level 0 gets links back from
 * its own neighbours, so each item is reachable. (Mapping inner product to Euclidean distance by one extra
 * coordinate, Bachrach et al. 2014, was measured too: recall@10 fell to 0.08 on vectors with a log-normal norm
 * spread, the queries lying far from the data.)
 */
public final class AnnIndex {
    /** The build parameters and what the trainer measured, recorded in model.json. */
    public record Parameters(int maxConnections, int beamWidth, long seed) {
    }

    private final float[] vectors;
    private final int dimension;
    private final int size;
    private final Parameters parameters;
    /** Level 0 holds every node; level l > 0 the sorted nodes of {@code levelNodes[l]}. */
    private final int[][] levelNodes;
    /** Neighbour lists per level, in the order of that level's nodes: offsets[l][n]..offsets[l][n + 1]. */
    private final int[][] offsets;
    private final int[][] neighbors;
    private final int entryNode;
    /** The vectors the walk scores: one signed byte a coordinate and a scale a row (see {@link #search}). */
    private final byte[] codes;
    private final float[] scales;

    private AnnIndex(float[] vectors, int dimension, Parameters parameters, int[][] levelNodes, int[][] offsets,
                     int[][] neighbors, int entryNode) {
        this.vectors = vectors;
        this.dimension = dimension;
        this.size = vectors.length / dimension;
        this.parameters = parameters;
        this.levelNodes = levelNodes;
        this.offsets = offsets;
        this.neighbors = neighbors;
        this.entryNode = entryNode;
        this.codes = new byte[vectors.length];
        this.scales = new float[size];
        quantize(vectors, dimension, codes, scales);
    }

    /** Per row: the largest coordinate maps to +-127, the others to the nearest step (rows keep their norms). */
    private static void quantize(float[] vectors, int dimension, byte[] codes, float[] scales) {
        for (int row = 0; row < scales.length; row++) {
            scales[row] = quantizeRow(vectors, row * dimension, dimension, codes);
        }
    }

    /** One row's codes written at the row's own offset in {@code codes}; returns its scale. */
    private static float quantizeRow(float[] vectors, int from, int dimension, byte[] codes) {
        float largest = 0;
        for (int f = from; f < from + dimension; f++) {
            largest = Math.max(largest, Math.abs(vectors[f]));
        }
        float step = largest / 127f;
        for (int f = from; f < from + dimension; f++) {
            codes[f] = step == 0 ? 0 : (byte) Math.round(vectors[f] / step);
        }
        return step;
    }

    /** Builds the graph over {@code vectors} (row-major, {@code dimension} columns) on every core there is. */
    public static AnnIndex build(float[] vectors, int dimension, Parameters parameters) {
        return build(vectors, dimension, parameters, Runtime.getRuntime().availableProcessors());
    }

    /**
     * Builds the graph with Lucene's HNSW builder on {@code threads} threads (its concurrent builder, which inserts
     * nodes in parallel under per-node locks). One thread gives the same graph for the same seed every time; more
     * give a graph that depends on the threads' timing, of the same recall.
     */
    public static AnnIndex build(float[] vectors, int dimension, Parameters parameters, int threads) {
        int rows = vectors.length / dimension;
        Scorers scorers = new Scorers(vectors, dimension);
        java.util.concurrent.ExecutorService pool = null;
        try {
            HnswGraphBuilder serial = HnswGraphBuilder.create(scorers, parameters.maxConnections(), parameters.beamWidth(),
                    parameters.seed(), rows);
            OnHeapHnswGraph graph;
            if (threads <= 1) {
                graph = serial.build(rows);
            } else {
                pool = java.util.concurrent.Executors.newFixedThreadPool(threads, task -> {
                    Thread thread = new Thread(task, "ann-build");
                    thread.setDaemon(true);
                    return thread;
                });
                graph = new org.apache.lucene.util.hnsw.HnswConcurrentMergeBuilder(new org.apache.lucene.search.TaskExecutor(pool),
                        threads, scorers, parameters.maxConnections(), parameters.beamWidth(), serial.getGraph(), null).build(rows);
            }
            int levels = graph.numLevels();
            int[][] levelNodes = new int[levels][];
            int[][] offsets = new int[levels][];
            int[][] neighbors = new int[levels][];
            for (int level = 0; level < levels; level++) {
                int[] nodes = HnswGraph.NodesIterator.getSortedNodes(graph.getNodesOnLevel(level));
                levelNodes[level] = nodes;
                offsets[level] = new int[nodes.length + 1];
                List<int[]> lists = new ArrayList<>(nodes.length);
                int total = 0;
                for (int n = 0; n < nodes.length; n++) {
                    NeighborArray array = graph.getNeighbors(level, nodes[n]);
                    int[] list = java.util.Arrays.copyOf(array.nodes(), array.size());
                    lists.add(list);
                    total += list.length;
                    offsets[level][n + 1] = total;
                }
                neighbors[level] = new int[total];
                for (int n = 0; n < nodes.length; n++) {
                    System.arraycopy(lists.get(n), 0, neighbors[level], offsets[level][n], lists.get(n).length);
                }
            }
            linkTheUnlinked(offsets, neighbors, parameters.maxConnections());
            return new AnnIndex(vectors, dimension, parameters, levelNodes, offsets, neighbors, graph.entryNode());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in-memory vectors: never
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
    }

    /** Lucene's maximum-inner-product score: monotone in the dot product, and positive as its graph needs. */
    private static float score(float dot) {
        return org.apache.lucene.util.VectorUtil.scaleMaxInnerProductScore(dot);
    }

    /** 1 when {@code from} had room for one more link back and now links to {@code node}, 0 otherwise. */
    private static int linkBack(List<List<Integer>> extra, int from, int node, int maxConnections) {
        List<Integer> list = extra.get(from);
        if (from == node || list != null && (list.size() >= maxConnections || list.contains(node))) {
            return 0;
        }
        if (list == null) {
            extra.set(from, list = new ArrayList<>());
        }
        list.add(node);
        return 1;
    }

    /** Links back to a node no list names: this many, from its nearest neighbours that have room. */
    private static final int LINKS_BACK = 2;

    /**
     * Level 0: a node no list names gets {@link #LINKS_BACK} links from its neighbours, or theirs, each taking at
     * most {@code maxConnections} such extra links (hubs would otherwise gather thousands, and every search through
     * them would score them all: measured at 300,000 items, a hub of 4,136 links and 20,448 vectors scored per
     * query, against 119 and 7,543 with the second hop); a node with everyone full around it still gets one.
     */
    private static void linkTheUnlinked(int[][] offsets, int[][] neighbors, int maxConnections) {
        int[] start = offsets[0];
        int[] links = neighbors[0];
        int nodes = start.length - 1;
        boolean[] linked = new boolean[nodes];
        for (int target : links) {
            linked[target] = true;
        }
        List<List<Integer>> extra = new ArrayList<>(java.util.Collections.nCopies(nodes, null));
        int added = 0;
        for (int node = 0; node < nodes; node++) {
            if (linked[node] || start[node] == start[node + 1]) {
                continue;
            }
            // its neighbours first, then theirs: hubs fill up, and the nodes beside a full hub have room
            int given = 0;
            for (int hop = 0; hop < 2 && given < LINKS_BACK; hop++) {
                for (int k = start[node]; k < start[node + 1] && given < LINKS_BACK; k++) {
                    int neighbour = links[k];
                    if (hop == 0) {
                        given += linkBack(extra, neighbour, node, maxConnections);
                    } else {
                        for (int j = start[neighbour]; j < start[neighbour + 1] && given < LINKS_BACK; j++) {
                            given += linkBack(extra, links[j], node, maxConnections);
                        }
                    }
                }
            }
            if (given == 0) { // everyone within two hops is full: the least loaded neighbour takes it
                int best = links[start[node]];
                for (int k = start[node]; k < start[node + 1]; k++) {
                    if (extra.get(links[k]).size() < extra.get(best).size()) {
                        best = links[k];
                    }
                }
                extra.get(best).add(node);
                given++;
            }
            added += given;
        }
        if (added == 0) {
            return;
        }
        int[] newStart = new int[nodes + 1];
        int[] newLinks = new int[links.length + added];
        int at = 0;
        for (int node = 0; node < nodes; node++) {
            newStart[node] = at;
            for (int k = start[node]; k < start[node + 1]; k++) {
                newLinks[at++] = links[k];
            }
            if (extra.get(node) != null) {
                for (int target : extra.get(node)) {
                    newLinks[at++] = target;
                }
            }
        }
        newStart[nodes] = at;
        offsets[0] = newStart;
        neighbors[0] = newLinks;
    }

    public Parameters parameters() {
        return parameters;
    }

    public int size() {
        return size;
    }

    /** Bytes the index takes beyond the vectors it indexes (which the model holds anyway): graph and codes. */
    public long graphBytes() {
        long bytes = codes.length + 4L * scales.length;
        for (int level = 0; level < levelNodes.length; level++) {
            bytes += 4L * (levelNodes[level].length + offsets[level].length + neighbors[level].length);
        }
        return bytes;
    }

    /**
     * The {@code candidates} items with the largest inner product with {@code query} that {@code accept} allows
     * (null: all), best first by the walk's scores; approximate, and wider {@code candidates} find more of the true ones.
     *
     * <p>HNSW's search (Malkov and Yashunin 2018, algorithms 2 and 5) over the stored arrays: greedy descent through
     * the upper levels, then a beam of {@code candidates} at level 0. Items {@code accept} refuses are walked
     * through, not returned.
     *
     * <p>The walk scores byte codes of the vectors, not the floats: a search is bound by memory, not arithmetic
     * (measured at 100,000 x 64: about 3,900 vectors scored a query at 200 ns each, the time of the cache misses
     * of a 256-byte row), and a 64-byte code is one cache line. The order among the candidates is approximate like
     * the search itself; the callers re-score them exactly. (Lucene's own searcher was 14% slower than this loop on
     * the same graph, with a visited set and a collector allocated per query.)
     */
    public int[] search(float[] query, int candidates, java.util.function.IntPredicate accept) {
        if (query.length != dimension) {
            throw new IllegalArgumentException("query has " + query.length + " dimensions, the index " + dimension);
        }
        int beam = Math.max(1, Math.min(candidates, size));
        SearchState state = SEARCH_STATE.get().reset(size, query);
        int entry = entryNode;
        float entryScore = dot(state, entry);
        for (int level = levelNodes.length - 1; level > 0; level--) {
            int[] links = neighbors[level];
            for (boolean moved = true; moved; ) {
                moved = false;
                int at = java.util.Arrays.binarySearch(levelNodes[level], entry);
                for (int k = offsets[level][at], end = offsets[level][at + 1]; k < end; k++) {
                    float score = dot(state, links[k]);
                    if (score > entryScore) {
                        entryScore = score;
                        entry = links[k];
                        moved = true;
                    }
                }
            }
        }
        ScoredHeap frontier = state.frontier;
        ScoredHeap found = state.found;
        state.firstVisit(entry);
        frontier.push(entry, entryScore);
        if (accept == null || accept.test(entry)) {
            found.push(entry, -entryScore);
        }
        int[] start = offsets[0];
        int[] links = neighbors[0];
        while (frontier.size() > 0) {
            float best = frontier.topKey();
            if (found.size() >= beam && best < -found.topKey()) {
                break; // nothing left in the frontier can enter the beam
            }
            int node = frontier.pop();
            for (int k = start[node], end = start[node + 1]; k < end; k++) {
                int next = links[k];
                if (!state.firstVisit(next)) {
                    continue;
                }
                float score = dot(state, next);
                if (found.size() < beam || score > -found.topKey()) {
                    frontier.push(next, score);
                    if (accept == null || accept.test(next)) {
                        if (found.size() >= beam) {
                            found.pop();
                        }
                        found.push(next, -score);
                    }
                }
            }
        }
        int[] items = new int[found.size()];
        for (int n = items.length - 1; n >= 0; n--) {
            items[n] = found.pop(); // the worst first out of the min-heap
        }
        return items;
    }

    /** The query's code against an item's, in the vectors' own units: integer products, exact sums. */
    private float dot(SearchState state, int item) {
        byte[] query = state.query;
        int row = item * dimension;
        int sum = 0;
        for (int f = 0; f < dimension; f++) {
            sum += query[f] * codes[row + f];
        }
        return sum * state.queryScale * scales[item];
    }

    /** Four running sums: the adds do not wait on each other (Java 17's JIT keeps float reductions in order). */
    private static float dot(float[] a, int aOffset, float[] b, int bOffset, int length) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int f = 0;
        for (; f + 3 < length; f += 4) {
            s0 += a[aOffset + f] * b[bOffset + f];
            s1 += a[aOffset + f + 1] * b[bOffset + f + 1];
            s2 += a[aOffset + f + 2] * b[bOffset + f + 2];
            s3 += a[aOffset + f + 3] * b[bOffset + f + 3];
        }
        for (; f < length; f++) {
            s0 += a[aOffset + f] * b[bOffset + f];
        }
        return s0 + s1 + s2 + s3;
    }

    private static final ThreadLocal<SearchState> SEARCH_STATE = ThreadLocal.withInitial(SearchState::new);

    /** One thread's search scratch, kept between queries: the query's code, a visit stamp per node, two heaps. */
    private static final class SearchState {
        private int[] visited = new int[0];
        private int stamp;
        final ScoredHeap frontier = new ScoredHeap();
        final ScoredHeap found = new ScoredHeap();

        byte[] query = new byte[0];
        float queryScale;

        SearchState reset(int nodes, float[] vector) {
            if (query.length != vector.length) {
                query = new byte[vector.length];
            }
            queryScale = quantizeRow(vector, 0, vector.length, query);
            if (visited.length < nodes) {
                visited = new int[nodes];
                stamp = 0;
            }
            if (++stamp == Integer.MAX_VALUE) {
                java.util.Arrays.fill(visited, 0);
                stamp = 1;
            }
            frontier.clear();
            found.clear();
            return this;
        }

        boolean firstVisit(int node) {
            if (visited[node] == stamp) {
                return false;
            }
            visited[node] = stamp;
            return true;
        }
    }

    /** A binary max-heap of nodes by a float key, in two growable primitive arrays (a min-heap by negated keys). */
    private static final class ScoredHeap {
        private float[] keys = new float[256];
        private int[] nodes = new int[256];
        private int size;

        int size() {
            return size;
        }

        void clear() {
            size = 0;
        }

        float topKey() {
            return keys[0];
        }

        void push(int node, float key) {
            if (size == keys.length) {
                keys = java.util.Arrays.copyOf(keys, size * 2);
                nodes = java.util.Arrays.copyOf(nodes, size * 2);
            }
            int at = size++;
            while (at > 0) {
                int parent = (at - 1) >>> 1;
                if (keys[parent] >= key) {
                    break;
                }
                keys[at] = keys[parent];
                nodes[at] = nodes[parent];
                at = parent;
            }
            keys[at] = key;
            nodes[at] = node;
        }

        int pop() {
            int top = nodes[0];
            float key = keys[--size];
            int node = nodes[size];
            int at = 0;
            for (int child = 1; child < size; child = 2 * at + 1) {
                if (child + 1 < size && keys[child + 1] > keys[child]) {
                    child++;
                }
                if (keys[child] <= key) {
                    break;
                }
                keys[at] = keys[child];
                nodes[at] = nodes[child];
                at = child;
            }
            keys[at] = key;
            nodes[at] = node;
            return top;
        }
    }

    /** Writes the graph (the vectors stay in the weights). */
    public void writeTo(NpzWriter npz) throws IOException {
        npz.addInts("params", new int[] {parameters.maxConnections(), parameters.beamWidth(), dimension, size, entryNode,
                levelNodes.length, (int) (parameters.seed() >>> 32), (int) parameters.seed()}, 8);
        for (int level = 0; level < levelNodes.length; level++) {
            if (level > 0) {
                npz.addInts("level" + level + "_nodes", levelNodes[level], levelNodes[level].length);
            }
            npz.addInts("level" + level + "_offsets", offsets[level], offsets[level].length);
            npz.addInts("level" + level + "_neighbors", neighbors[level], neighbors[level].length);
        }
    }

    /**
     * Reads a graph written by {@link #writeTo} over the model's {@code vectors}, checking every array against the
     * others (node and neighbour ids within the catalogue, offsets rising, levels nested) so a corrupt file is
     * refused here, never found out by a search walking off an array.
     */
    public static AnnIndex read(NpzFile npz, float[] vectors, int dimension) {
        int[] params = npz.array("params").ints();
        if (params.length != 8) {
            throw new CorruptModelException("ann index: params has " + params.length + " values, expected 8");
        }
        int size = vectors.length / dimension;
        if (params[2] != dimension || params[3] != size) {
            throw new CorruptModelException("ann index was built over " + params[3] + " x " + params[2] + " vectors; the model has "
                    + size + " x " + dimension);
        }
        int levels = params[5];
        if (levels < 1 || levels > 64 || params[4] < 0 || params[4] >= size) {
            throw new CorruptModelException("ann index: " + levels + " levels, entry node " + params[4] + " (of " + size + ")");
        }
        int[][] levelNodes = new int[levels][];
        int[][] offsets = new int[levels][];
        int[][] neighbors = new int[levels][];
        for (int level = 0; level < levels; level++) {
            levelNodes[level] = level == 0 ? java.util.stream.IntStream.range(0, size).toArray() : npz.array("level" + level + "_nodes").ints();
            offsets[level] = npz.array("level" + level + "_offsets").ints();
            neighbors[level] = npz.array("level" + level + "_neighbors").ints();
            check(level, levelNodes, offsets[level], neighbors[level], size);
        }
        if (java.util.Arrays.binarySearch(levelNodes[levels - 1], params[4]) < 0) {
            throw new CorruptModelException("ann index: the entry node " + params[4] + " is not on the top level");
        }
        long seed = ((long) params[6] << 32) | (params[7] & 0xFFFFFFFFL);
        return new AnnIndex(vectors, dimension, new Parameters(params[0], params[1], seed), levelNodes, offsets, neighbors, params[4]);
    }

    private static void check(int level, int[][] levelNodes, int[] offsets, int[] neighbors, int size) {
        int[] nodes = levelNodes[level];
        if (offsets.length != nodes.length + 1 || offsets[0] != 0 || offsets[nodes.length] != neighbors.length) {
            throw new CorruptModelException("ann index: level " + level + " offsets do not cover its neighbours");
        }
        for (int n = 0; n < nodes.length; n++) {
            if (offsets[n + 1] < offsets[n] || nodes[n] < 0 || nodes[n] >= size || n > 0 && nodes[n] <= nodes[n - 1]) {
                throw new CorruptModelException("ann index: level " + level + " nodes or offsets out of order at " + n);
            }
            if (level > 0 && java.util.Arrays.binarySearch(levelNodes[level - 1], nodes[n]) < 0) {
                throw new CorruptModelException("ann index: node " + nodes[n] + " is on level " + level + " but not below it");
            }
        }
        for (int neighbor : neighbors) {
            if (neighbor < 0 || neighbor >= size || level > 0 && java.util.Arrays.binarySearch(nodes, neighbor) < 0) {
                throw new CorruptModelException("ann index: level " + level + " links to " + neighbor + ", not a node of that level");
            }
        }
    }

    /**
     * For the builder: scores a row against rows of the flat matrix in place (Lucene's own flat scorer copies each
     * row it reads into an array first).
     */
    private static final class QueryScorer implements org.apache.lucene.util.hnsw.RandomVectorScorer {
        private final float[] data;
        private final int dimension;
        private final float[] query;
        private final int queryOffset;

        QueryScorer(float[] data, int dimension, float[] query, int queryOffset) {
            this.data = data;
            this.dimension = dimension;
            this.query = query;
            this.queryOffset = queryOffset;
        }

        @Override
        public float score(int ord) {
            return AnnIndex.score(dot(query, queryOffset, data, ord * dimension, dimension));
        }

        @Override
        public int maxOrd() {
            return data.length / dimension;
        }
    }

    /** For the builder: a scorer per node, the node's own row as the query. */
    private static final class Scorers implements org.apache.lucene.util.hnsw.RandomVectorScorerSupplier {
        private final float[] data;
        private final int dimension;

        Scorers(float[] data, int dimension) {
            this.data = data;
            this.dimension = dimension;
        }

        @Override
        public org.apache.lucene.util.hnsw.RandomVectorScorer scorer(int ord) {
            return new QueryScorer(data, dimension, data, ord * dimension);
        }

        @Override
        public Scorers copy() {
            return this;
        }
    }
}
