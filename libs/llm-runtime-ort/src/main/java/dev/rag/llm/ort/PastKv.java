package dev.rag.llm.ort;

import dev.rag.llm.kv.PagedKvCache;

/**
 * Moves one sequence's K/V between the paged cache (the source of truth, shared with the Java
 * backend) and the contiguous [kvHeads, positions, headDim] tensors that GroupQueryAttention reads
 * and writes on the CPU execution provider.
 */
final class PastKv {
    private final int kvHeads;
    private final int headDim;

    PastKv(int kvHeads, int headDim) {
        this.kvHeads = kvHeads;
        this.headDim = headDim;
    }

    /** Positions {@code [0, past)} of one layer's {@code cache} array, as [kvHeads, past, headDim]. */
    float[] gather(PagedKvCache cache, float[] layerCache, int[] blockTable, int past) {
        float[] out = new float[kvHeads * past * headDim];
        for (int p = 0; p < past; p++) {
            int slot = cache.slotOffset(blockTable, p);
            for (int h = 0; h < kvHeads; h++) {
                System.arraycopy(layerCache, slot + h * headDim, out, (h * past + p) * headDim, headDim);
            }
        }
        return out;
    }

    /**
     * Writes positions {@code [from, total)} of a present tensor [kvHeads, total, headDim] into their
     * paged slots; earlier positions are already there.
     */
    void scatter(float[] present, int from, int total, PagedKvCache cache, float[] layerCache, int[] blockTable) {
        for (int p = from; p < total; p++) {
            int slot = cache.slotOffset(blockTable, p);
            for (int h = 0; h < kvHeads; h++) {
                System.arraycopy(present, (h * total + p) * headDim, layerCache, slot + h * headDim, headDim);
            }
        }
    }
}
