package dev.rag.llm.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * SentencePiece-style BPE ({@code tokenizer.ggml.model = llama}): spaces become U+2581, a space is
 * prefixed to the text, and starting from single characters the adjacent pair whose concatenation
 * has the highest vocabulary score is merged until no pair is in the vocabulary. Characters without
 * a token fall back to their UTF-8 bytes ({@code <0xAB>} tokens).
 */
public final class SentencePieceTokenizer extends VocabularyTokenizer {
  private static final String SPACE = "\u2581";

  private final boolean addSpacePrefix;
  private final int[] byteTokens = new int[256];
  private final byte[][] tokenBytes;

  public SentencePieceTokenizer(Vocabulary vocab, boolean addSpacePrefix) {
    super(vocab);
    this.addSpacePrefix = addSpacePrefix;
    for (int b = 0; b < 256; b++) {
      byteTokens[b] = vocab.id(String.format("<0x%02X>", b));
    }
    this.tokenBytes = new byte[vocab.size()][];
    for (int i = 0; i < vocab.size(); i++) {
      tokenBytes[i] = bytesOf(i);
    }
  }

  private byte[] bytesOf(int id) {
    String piece = vocab.token(id);
    return switch (vocab.type(id)) {
      case BYTE -> new byte[] {(byte) Integer.parseInt(piece.substring(3, 5), 16)};
      case CONTROL, UNKNOWN, UNUSED -> new byte[0];
      default -> piece.replace(SPACE, " ").getBytes(StandardCharsets.UTF_8);
    };
  }

  @Override
  public int[] encode(String text, boolean addBos, boolean parseSpecial) {
    List<Integer> out = new ArrayList<>();
    if (addBos && vocab.bos() >= 0) {
      out.add(vocab.bos());
    }
    boolean previousWasSpecial = true; // the space prefix goes before the first fragment
    for (Object part : vocab.splitSpecial(text, parseSpecial)) {
      if (part instanceof Integer id) {
        out.add(id);
        previousWasSpecial = true;
      } else {
        String fragment = (String) part;
        if (fragment.isEmpty()) {
          continue;
        }
        if (addSpacePrefix && previousWasSpecial) {
          fragment = " " + fragment;
        }
        encodeFragment(fragment.replace(" ", SPACE), out);
        previousWasSpecial = false;
      }
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  private record Bigram(int left, float score, int length) {}

  private void encodeFragment(String text, List<Integer> out) {
    if (text.isEmpty()) {
      return;
    }
    // Symbols start as single code points, kept in a linked list over the text.
    int[] cps = text.codePoints().toArray();
    int n = cps.length;
    String[] sym = new String[n];
    int[] prev = new int[n];
    int[] next = new int[n];
    for (int i = 0; i < n; i++) {
      sym[i] = new String(cps, i, 1);
      prev[i] = i - 1;
      next[i] = i + 1 < n ? i + 1 : -1;
    }
    PriorityQueue<Bigram> queue =
        new PriorityQueue<>(
            (a, b) ->
                a.score != b.score
                    ? Float.compare(b.score, a.score)
                    : Integer.compare(a.left, b.left));
    for (int i = 0; i + 1 < n; i++) {
      offer(queue, sym, i, i + 1);
    }
    while (!queue.isEmpty()) {
      Bigram bg = queue.poll();
      int left = bg.left;
      int right = next[left];
      // Skip pairs made stale by an earlier merge.
      if (sym[left] == null || right < 0 || sym[left].length() + sym[right].length() != bg.length) {
        continue;
      }
      sym[left] = sym[left] + sym[right];
      sym[right] = null;
      next[left] = next[right];
      if (next[right] >= 0) {
        prev[next[right]] = left;
      }
      if (prev[left] >= 0) {
        offer(queue, sym, prev[left], left);
      }
      if (next[left] >= 0) {
        offer(queue, sym, left, next[left]);
      }
    }
    for (int i = 0; i >= 0; i = next[i]) {
      int id = vocab.id(sym[i]);
      if (id >= 0) {
        out.add(id);
      } else {
        for (byte b : sym[i].getBytes(StandardCharsets.UTF_8)) {
          int bt = byteTokens[b & 0xFF];
          out.add(bt >= 0 ? bt : vocab.unknown());
        }
      }
    }
  }

  private void offer(PriorityQueue<Bigram> queue, String[] sym, int left, int right) {
    String merged = sym[left] + sym[right];
    int id = vocab.id(merged);
    if (id >= 0) {
      queue.add(new Bigram(left, vocab.score(id), merged.length()));
    }
  }

  @Override
  public byte[] tokenBytes(int token) {
    return tokenBytes[token];
  }

  @Override
  public boolean stripsLeadingSpaceAfterBos() {
    return addSpacePrefix;
  }
}
