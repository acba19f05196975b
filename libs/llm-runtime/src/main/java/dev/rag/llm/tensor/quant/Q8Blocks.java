package dev.rag.llm.tensor.quant;

import dev.rag.llm.tensor.Q8Activations;

/**
 * What the int8-activation kernels of Q8_0 and Q4_0 share. The kernels read a row through a slice of
 * its own blocks rather than the whole tensor: with offsets from 0 within a segment of known size, the
 * JIT drops the per-access bounds checks it keeps for offsets into the whole tensor (measured about
 * 10% faster per row).
 */
final class Q8Blocks {
    private Q8Blocks() {
    }

    /** The kernels work on whole blocks; a partial one would silently read the wrong elements. */
    static void check(long offset, int n) {
        if (offset % Q8Activations.BLOCK != 0 || n % Q8Activations.BLOCK != 0) {
            throw new IllegalArgumentException("int8 activations need whole blocks: offset " + offset + ", n " + n);
        }
    }
}
