package dev.rag.llm.tensor;

/**
 * A weight format that can keep a heap copy of its blocks in a layout decode's one-token products
 * read faster than the mapped file (see {@code Q8_0Tensor#withDecodeCopy}); results stay
 * bit-identical.
 */
public interface DecodeCopyable extends Tensor {

  /** Whether {@link #withDecodeCopy} would make a copy here (hardware, shape, none made yet). */
  boolean decodeCopyHelps();

  /**
   * This tensor with the copy ({@link #byteSize} or less more heap), or itself where none helps.
   */
  Tensor withDecodeCopy();
}
