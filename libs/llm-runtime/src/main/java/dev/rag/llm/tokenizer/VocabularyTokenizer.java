package dev.rag.llm.tokenizer;

/**
 * What every GGUF tokenizer answers straight from its {@link Vocabulary}: pieces, ids, the special
 * tokens and whether prompts start with BOS. Subclasses add the encoding algorithm and the bytes
 * each token stands for.
 */
abstract class VocabularyTokenizer implements Tokenizer {

  protected final Vocabulary vocab;

  VocabularyTokenizer(Vocabulary vocab) {
    this.vocab = vocab;
  }

  @Override
  public String piece(int token) {
    return vocab.token(token);
  }

  @Override
  public int tokenId(String piece) {
    return vocab.id(piece);
  }

  @Override
  public int vocabSize() {
    return vocab.size();
  }

  @Override
  public int bos() {
    return vocab.bos();
  }

  @Override
  public int eos() {
    return vocab.eos();
  }

  @Override
  public boolean isEndOfGeneration(int token) {
    return token == vocab.eos() || EndOfTurn.isEndOfTurn(vocab.token(token));
  }

  @Override
  public boolean addsBos() {
    return vocab.addBos();
  }
}
