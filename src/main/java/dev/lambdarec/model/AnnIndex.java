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
 * its own neighbours, so each item is reachable; those links back are kept apart and followed only from the best
 * results of a search (see {@link #search}). (Mapping inner product to Euclidean distance by one extra
 * coordinate, Bachrach et al. 2014, was measured too: recall@10 fell to 0.08 on vectors with a log-normal norm
 * spread, the queries lying far from the data.)
 */
public final class AnnIndex {
    /** The build parameters and what the trainer measured, recorded in model.json. */
    public record Parameters(int maxConnections, int beamWidth, long seed) {
    }

    private final int dimension;
    private final int size;
    private final Parameters parameters;
    /** Level 0 holds every node; level l > 0 the sorted nodes of {@code levelNodes[l]}. */
    private final int[][] levelNodes;
    /** Neighbour lists per level, in the order of that level's nodes: offsets[l][n]..offsets[l][n + 1]. */
    private final int[][] offsets;
    private final int[][] neighbors;
    private final int entryNode;
    /** Level 0's links back to stranded nodes, by node: extraOffsets[n]..extraOffsets[n + 1] of extraLinks. */
    private final int[] extraOffsets;
    private final int[] extraLinks;
    /** The vectors the walk scores: one signed byte a coordinate and a scale a row (see {@link #search}). */
    private final byte[] codes;
    private final float[] scales;

    private AnnIndex(float[] vectors, int dimension, Parameters parameters, int[][] levelNodes, int[][] offsets,
                     int[][] neighbors, int entryNode, int[][] linksBack) {
        this.dimension = dimension;
        this.size = vectors.length / dimension;
        this.parameters = parameters;
        this.levelNodes = levelNodes;
        this.offsets = offsets;
        this.neighbors = neighbors;
        this.entryNode = entryNode;
        this.extraOffsets = linksBack[0];
        this.extraLinks = linksBack[1];
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
            int[][] linksBack = linkTheUnlinked(offsets[0], neighbors[0], parameters.maxConnections());
            return new AnnIndex(vectors, dimension, parameters, levelNodes, offsets, neighbors, graph.entryNode(), linksBack);
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

    /**
     * Links back to a node no list names: this many, from the nearest nodes that have room (on trained iALS vectors,
     * AnnOnTrainedVectorsTest, 100 candidates found 96.7% of the true top 10 with two, 98.1% with four).
     */
    private static final int LINKS_BACK = 4;
    /** How many nodes around a stranded one are asked for room before any node with room is taken. */
    private static final int HOLDERS_ASKED = 256;

    /**
     * Level 0's links back, as {offsets by node, links}: a node no list names gets {@link #LINKS_BACK} links from
     * the nodes nearest it along its own links (its neighbours, theirs, and so on, breadth first), each holding at
     * most {@code maxConnections} links back. The cap is what keeps a search cheap: the long vectors everyone links
     * to are the leaders of most searches, and uncapped they held hundreds (measured at 1,000,000 items: 267, and
     * 7,528 vectors scored a query against 2,402 without links back). A node with no room around it takes its links
     * from any node with room, so every node stays reachable by a search as wide as the catalogue.
     */
    private static int[][] linkTheUnlinked(int[] start, int[] links, int maxConnections) {
        int nodes = start.length - 1;
        boolean[] linked = new boolean[nodes];
        for (int target : links) {
            linked[target] = true;
        }
        int[] held = new int[nodes];
        IntList holders = new IntList();
        IntList targets = new IntList();
        int[] asked = new int[nodes]; // the stranded node + 1 that last asked a node: one BFS's visited set
        int[] queue = new int[HOLDERS_ASKED];
        int anyCursor = 0;
        for (int node = 0; node < nodes; node++) {
            if (linked[node]) {
                continue;
            }
            int given = 0;
            int head = 0;
            int tail = 0;
            queue[tail++] = node;
            asked[node] = node + 1;
            while (head < tail && given < LINKS_BACK) {
                int at = queue[head++];
                for (int k = start[at]; k < start[at + 1] && given < LINKS_BACK; k++) {
                    int next = links[k];
                    if (asked[next] == node + 1) {
                        continue;
                    }
                    asked[next] = node + 1;
                    if (held[next] < maxConnections) {
                        held[next]++;
                        holders.add(next);
                        targets.add(node);
                        given++;
                    }
                    if (tail < queue.length) {
                        queue[tail++] = next;
                    }
                }
            }
            for (int tries = 0; given == 0 && tries < nodes; tries++, anyCursor = (anyCursor + 1) % nodes) {
                if (anyCursor != node && held[anyCursor] < maxConnections) {
                    held[anyCursor]++;
                    holders.add(anyCursor);
                    targets.add(node);
                    given++;
                }
            }
        }
        int[] extraStart = new int[nodes + 1];
        for (int n = 0; n < nodes; n++) {
            extraStart[n + 1] = extraStart[n] + held[n];
        }
        int[] fill = java.util.Arrays.copyOf(extraStart, nodes);
        int[] extraLinks = new int[holders.size()];
        for (int n = 0; n < holders.size(); n++) {
            extraLinks[fill[holders.get(n)]++] = targets.get(n);
        }
        return new int[][] {extraStart, extraLinks};
    }

    /** A growable list of ints. */
    private static final class IntList {
        private int[] values = new int[1024];
        private int size;

        void add(int value) {
            if (size == values.length) {
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        int get(int at) {
            return values[at];
        }

        int size() {
            return size;
        }
    }

    public Parameters parameters() {
        return parameters;
    }

    public int size() {
        return size;
    }

    /** Bytes the index takes beyond the vectors it indexes (which the model holds anyway): graph and codes. */
    public long graphBytes() {
        long bytes = codes.length + 4L * scales.length + 4L * (extraOffsets.length + extraLinks.length);
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
     * the same graph, with a visited set and a collector allocated per query.) The unvisited neighbours of an expanded
     * node are gathered and their codes' lines read before any is scored, so their misses overlap: at 1,000,000 x 64,
     * 1,500-1,800 queries/s became 2,650-2,700 with the same results.
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
        int leaders = beam >= size ? size : Math.max(1, (int) Math.ceil(beam * LINKS_BACK_FROM));
        state.lead(entry, entryScore, leaders);
        do {
            walk(state, beam, leaders, accept);
        } while (followLinksBack(state, beam, leaders, accept));
        int[] items = new int[found.size()];
        for (int n = items.length - 1; n >= 0; n--) {
            items[n] = found.pop(); // the worst first out of the min-heap
        }
        return items;
    }

    /** Level 0 best first from the frontier until nothing left in it can enter the beam of the best found. */
    private void walk(SearchState state, int beam, int leaders, java.util.function.IntPredicate accept) {
        ScoredHeap frontier = state.frontier;
        ScoredHeap found = state.found;
        int[] start = offsets[0];
        int[] links = neighbors[0];
        while (frontier.size() > 0) {
            if (found.size() >= beam && frontier.topKey() < -found.topKey()) {
                break; // nothing left in the frontier can enter the beam
            }
            int node = frontier.pop();
            int fresh = state.unvisited(links, start[node], start[node + 1]);
            int[] batch = state.batch;
            touch(state, batch, fresh);
            if (frontier.size() > 0) {
                state.touched += links[start[frontier.node(0)]]; // the likely next node's list loads while this one scores
            }
            for (int b = 0; b < fresh; b++) {
                admit(state, batch[b], dot(state, batch[b]), beam, leaders, accept);
            }
        }
    }

    /**
     * Reads one byte of each cache line the batch's codes and scales lie on, all before any dot product: the loads
     * do not depend on each other, so their cache misses overlap instead of following one another (Java has no
     * prefetch instruction; this is its effect by hand).
     */
    private void touch(SearchState state, int[] batch, int count) {
        int sum = 0;
        float scale = 0;
        for (int b = 0; b < count; b++) {
            int row = batch[b] * dimension;
            for (int f = 0; f < dimension; f += 64) {
                sum += codes[row + f];
            }
            sum += codes[row + dimension - 1]; // a row need not start on a line: its last byte may lie on one more
            scale += scales[batch[b]];
        }
        state.touched += sum + (int) scale; // kept, so the JIT keeps the loads
    }

    /** Scores a node not seen before; true when it could enter the beam (it is then on the frontier). */
    private boolean visit(SearchState state, int node, int beam, int leaders, java.util.function.IntPredicate accept) {
        if (!state.firstVisit(node)) {
            return false;
        }
        return admit(state, node, dot(state, node), beam, leaders, accept);
    }

    /** A newly visited node's score against the beam: true when it could enter (it is then on the frontier). */
    private static boolean admit(SearchState state, int node, float score, int beam, int leaders,
                                 java.util.function.IntPredicate accept) {
        ScoredHeap found = state.found;
        if (found.size() >= beam && score <= -found.topKey()) {
            return false;
        }
        state.frontier.push(node, score);
        state.lead(node, score, leaders);
        if (accept == null || accept.test(node)) {
            if (found.size() >= beam) {
                found.pop();
            }
            found.push(node, -score);
        }
        return true;
    }

    /**
     * Follows the links back of the search's leaders not followed yet: the best-scored nodes it reached, as many as
     * {@link #LINKS_BACK_FROM} of the beam (every node when the beam is the whole catalogue), those the filter
     * refuses included (a stranded item's neighbours are often popular, seen ones). True when one reached a node
     * for the walk to go on from. A stranded vector is short, so it can rank high only for a query close to its
     * direction, and then the neighbours that hold its links back rank higher still. Followed from every node the
     * walk expands instead, the links back cost every query: at 1,000,000 items, 19,075 vectors scored a query
     * against 2,112 without them.
     */
    private boolean followLinksBack(SearchState state, int beam, int leaders, java.util.function.IntPredicate accept) {
        if (extraLinks.length == 0) {
            return false;
        }
        ScoredHeap leading = state.leaders;
        boolean onFrontier = false;
        for (int n = 0; n < leading.size(); n++) {
            int node = leading.node(n);
            if (state.firstFollow(node)) {
                for (int k = extraOffsets[node], end = extraOffsets[node + 1]; k < end; k++) {
                    onFrontier |= visit(state, extraLinks[k], beam, leaders, accept); // may reorder the leaders: all get their turn
                }
            }
        }
        return onFrontier;
    }

    /**
     * The share of the beam, best first, whose links back a search follows (at 1,000,000 items: a quarter scored 2,797
     * vectors a query, half 3,186, all 3,983; recall on trained iALS vectors 98.1%, 98.5% with all).
     */
    static final double LINKS_BACK_FROM = 0.25;

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
        private int[] followed = new int[0];
        private int stamp;
        int[] batch = new int[0];
        int touched;

        final ScoredHeap frontier = new ScoredHeap();
        final ScoredHeap found = new ScoredHeap();
        final ScoredHeap leaders = new ScoredHeap();

        byte[] query = new byte[0];
        float queryScale;

        SearchState reset(int nodes, float[] vector) {
            if (query.length != vector.length) {
                query = new byte[vector.length];
            }
            queryScale = quantizeRow(vector, 0, vector.length, query);
            if (visited.length < nodes) {
                visited = new int[nodes];
                followed = new int[nodes];
                stamp = 0;
            }
            if (++stamp == Integer.MAX_VALUE) {
                java.util.Arrays.fill(visited, 0);
                java.util.Arrays.fill(followed, 0);
                stamp = 1;
            }
            frontier.clear();
            found.clear();
            leaders.clear();
            return this;
        }

        boolean firstFollow(int node) {
            if (followed[node] == stamp) {
                return false;
            }
            followed[node] = stamp;
            return true;
        }

        /** Keeps {@code node} among the {@code count} best-scored nodes the search reached. */
        void lead(int node, float score, int count) {
            if (leaders.size() < count) {
                leaders.push(node, -score);
            } else if (score > -leaders.topKey()) {
                leaders.pop();
                leaders.push(node, -score);
            }
        }

        /** Marks the not yet visited nodes of {@code links[from..end)} visited and lists them in {@link #batch}. */
        int unvisited(int[] links, int from, int end) {
            if (batch.length < end - from) {
                batch = new int[end - from];
            }
            int count = 0;
            for (int k = from; k < end; k++) {
                int node = links[k];
                if (visited[node] != stamp) {
                    visited[node] = stamp;
                    batch[count++] = node;
                }
            }
            return count;
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

        /** The node at position {@code at} of the heap's array (in no particular order). */
        int node(int at) {
            return nodes[at];
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
        npz.addInts("level0_back_offsets", extraOffsets, extraOffsets.length);
        npz.addInts("level0_back_neighbors", extraLinks, extraLinks.length);
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
        // an index written before the links back were kept apart has them among its level-0 lists
        int[][] linksBack = {new int[size + 1], new int[0]};
        if (npz.has("level0_back_offsets")) {
            linksBack = new int[][] {npz.array("level0_back_offsets").ints(), npz.array("level0_back_neighbors").ints()};
            checkLinksBack(linksBack[0], linksBack[1], size);
        }
        long seed = ((long) params[6] << 32) | (params[7] & 0xFFFFFFFFL);
        return new AnnIndex(vectors, dimension, new Parameters(params[0], params[1], seed), levelNodes, offsets, neighbors, params[4],
                linksBack);
    }

    private static void checkLinksBack(int[] offsets, int[] links, int size) {
        if (offsets.length != size + 1 || offsets[0] != 0 || offsets[size] != links.length) {
            throw new CorruptModelException("ann index: the links back's offsets do not cover them");
        }
        for (int n = 0; n < size; n++) {
            if (offsets[n + 1] < offsets[n]) {
                throw new CorruptModelException("ann index: the links back's offsets fall at " + n);
            }
        }
        for (int link : links) {
            if (link < 0 || link >= size) {
                throw new CorruptModelException("ann index: a link back to " + link + ", not an item of the catalogue");
            }
        }
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
