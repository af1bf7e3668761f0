package dev.lambdarec.model;

import dev.lambdarec.io.NpzFile;
import dev.lambdarec.io.NpzWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopKnnCollector;
import org.apache.lucene.util.hnsw.HnswGraph;
import org.apache.lucene.util.hnsw.HnswGraphBuilder;
import org.apache.lucene.util.hnsw.HnswGraphSearcher;
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
    }

    /** Builds the graph over {@code vectors} (row-major, {@code dimension} columns) with Lucene's HNSW builder. */
    public static AnnIndex build(float[] vectors, int dimension, Parameters parameters) {
        try {
            OnHeapHnswGraph graph = HnswGraphBuilder.create(new Scorers(vectors, dimension), parameters.maxConnections(),
                    parameters.beamWidth(), parameters.seed()).build(vectors.length / dimension);
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

    /** Bytes the graph takes beyond the vectors it indexes (which the model holds anyway). */
    public long graphBytes() {
        long bytes = 0;
        for (int level = 0; level < levelNodes.length; level++) {
            bytes += 4L * (levelNodes[level].length + offsets[level].length + neighbors[level].length);
        }
        return bytes;
    }

    /**
     * The {@code candidates} items with the largest inner product with {@code query} that {@code accept} allows
     * (null: all), best first; approximate, and wider {@code candidates} find more of the true ones.
     */
    public int[] search(float[] query, int candidates, java.util.function.IntPredicate accept) {
        if (query.length != dimension) {
            throw new IllegalArgumentException("query has " + query.length + " dimensions, the index " + dimension);
        }
        try {
            int k = Math.min(candidates, size);
            TopKnnCollector collector = new TopKnnCollector(k, Integer.MAX_VALUE);
            HnswGraphSearcher.search(new QueryScorer(vectors, dimension, query, 0), collector, new StoredGraph(), accept == null ? null : new org.apache.lucene.util.Bits() {
                @Override
                public boolean get(int index) {
                    return accept.test(index);
                }

                @Override
                public int length() {
                    return size;
                }
            });
            TopDocs top = collector.topDocs();
            int[] items = new int[top.scoreDocs.length];
            for (int n = 0; n < items.length; n++) {
                items[n] = top.scoreDocs[n].doc;
            }
            return items;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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

    /** The stored graph as Lucene's searcher walks it. */
    private final class StoredGraph extends HnswGraph {
        private int at;
        private int end;
        private int[] list;

        @Override
        public void seek(int level, int target) {
            int index = level == 0 ? target : java.util.Arrays.binarySearch(levelNodes[level], target);
            list = neighbors[level];
            at = offsets[level][index];
            end = offsets[level][index + 1];
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public int nextNeighbor() {
            return at < end ? list[at++] : org.apache.lucene.search.DocIdSetIterator.NO_MORE_DOCS;
        }

        @Override
        public int numLevels() {
            return levelNodes.length;
        }

        @Override
        public int entryNode() {
            return entryNode;
        }

        @Override
        public NodesIterator getNodesOnLevel(int level) {
            return new ArrayNodesIterator(levelNodes[level], levelNodes[level].length);
        }
    }

    /**
     * Scores a query against rows of the flat matrix in place (Lucene's own flat scorer copies each row it reads
     * into an array first). Scalar Java: on Java 17 neither Lucene nor this uses SIMD, which is most of the gap to
     * hnswlib in docs/benchmarks.md.
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
            int row = ord * dimension;
            float a = 0;
            float b = 0;
            float c = 0;
            float d = 0;
            int f = 0;
            for (; f + 3 < dimension; f += 4) { // four sums: the adds do not wait on each other
                a += query[queryOffset + f] * data[row + f];
                b += query[queryOffset + f + 1] * data[row + f + 1];
                c += query[queryOffset + f + 2] * data[row + f + 2];
                d += query[queryOffset + f + 3] * data[row + f + 3];
            }
            for (; f < dimension; f++) {
                a += query[queryOffset + f] * data[row + f];
            }
            return AnnIndex.score(a + b + c + d);
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
