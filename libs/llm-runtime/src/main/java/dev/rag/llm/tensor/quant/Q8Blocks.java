package dev.rag.llm.tensor.quant;

import dev.rag.llm.tensor.Q8Activations;

/** Argument check shared by the int8-activation kernels. */
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
