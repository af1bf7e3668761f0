package dev.lambdarec.model;

import dev.lambdarec.io.NpzFile;
import dev.lambdarec.io.NpzWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.codecs.hnsw.DefaultFlatVectorScorer;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopKnnCollector;
import org.apache.lucene.util.hnsw.HnswGraph;
import org.apache.lucene.util.hnsw.HnswGraphBuilder;
import org.apache.lucene.util.hnsw.HnswGraphSearcher;
import org.apache.lucene.util.hnsw.NeighborArray;
import org.apache.lucene.util.hnsw.OnHeapHnswGraph;
import org.apache.lucene.util.hnsw.RandomAccessVectorValues;

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
            Vectors values = new Vectors(vectors, dimension);
            var scorers = DefaultFlatVectorScorer.INSTANCE.getRandomVectorScorerSupplier(SIMILARITY, values);
            OnHeapHnswGraph graph = HnswGraphBuilder.create(scorers, parameters.maxConnections(), parameters.beamWidth(), parameters.seed())
                    .build(values.size());
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
            linkTheUnlinked(offsets, neighbors);
            return new AnnIndex(vectors, dimension, parameters, levelNodes, offsets, neighbors, graph.entryNode());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in-memory vectors: never
        }
    }

    private static final VectorSimilarityFunction SIMILARITY = VectorSimilarityFunction.MAXIMUM_INNER_PRODUCT;

    /** Level 0: a node no list names gets a link from each of its own neighbours (the lists grow by those only). */
    private static void linkTheUnlinked(int[][] offsets, int[][] neighbors) {
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
            if (linked[node]) {
                continue;
            }
            for (int k = start[node]; k < start[node + 1]; k++) {
                int from = links[k];
                if (extra.get(from) == null) {
                    extra.set(from, new ArrayList<>());
                }
                extra.get(from).add(node);
                added++;
            }
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
            var scorer = DefaultFlatVectorScorer.INSTANCE.getRandomVectorScorer(SIMILARITY, new Vectors(vectors, dimension), query);
            HnswGraphSearcher.search(scorer, collector, new StoredGraph(), accept == null ? null : new org.apache.lucene.util.Bits() {
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

    /** Row-major vectors as Lucene's random-access values; a row is copied into a buffer of this view's own. */
    private static final class Vectors implements RandomAccessVectorValues.Floats {
        private final float[] data;
        private final int dimension;
        private final float[] row;

        Vectors(float[] data, int dimension) {
            this.data = data;
            this.dimension = dimension;
            this.row = new float[dimension];
        }

        @Override
        public int size() {
            return data.length / dimension;
        }

        @Override
        public int dimension() {
            return dimension;
        }

        @Override
        public float[] vectorValue(int ord) {
            System.arraycopy(data, ord * dimension, row, 0, dimension);
            return row;
        }

        @Override
        public Vectors copy() {
            return new Vectors(data, dimension);
        }
    }
}
