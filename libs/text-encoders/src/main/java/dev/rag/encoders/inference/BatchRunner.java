package dev.rag.encoders.inference;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.rag.encoders.model.EncoderModel;
import dev.rag.encoders.tokenize.TokenizedInput;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Tokenized inputs in, model outputs out: batching, padding and order restoration. */
final class BatchRunner {

  /** Reads one input's result from its row of a batch output. */
  interface RowReader<T> {
    T read(BatchOutput output, int row, TokenizedInput input);
  }

  /** Results in the caller's order plus what it cost. */
  record Run<T>(List<T> results, InferenceStats stats) {}

  private BatchRunner() {}

  static <T> Run<T> runAll(
      EncoderModel model, List<TokenizedInput> inputs, BatchingPolicy policy, RowReader<T> reader) {
    int[] lengths = inputs.stream().mapToInt(TokenizedInput::length).toArray();
    List<T> results = new ArrayList<>(inputs.size());
    for (int i = 0; i < inputs.size(); i++) {
      results.add(null);
    }
    List<Integer> sizes = new ArrayList<>();
    List<Integer> padded = new ArrayList<>();
    long tokens = 0;
    int truncated = 0;
    for (int[] batch : BatchPlanner.plan(lengths, policy)) {
      List<TokenizedInput> members = new ArrayList<>(batch.length);
      for (int index : batch) {
        members.add(inputs.get(index));
      }
      BatchOutput output = runBatch(model, members);
      for (int row = 0; row < batch.length; row++) {
        TokenizedInput input = members.get(row);
        results.set(batch[row], reader.read(output, row, input));
        tokens += input.length();
        truncated += input.truncated() ? 1 : 0;
      }
      sizes.add(batch.length);
      padded.add(maxLength(members));
    }
    return new Run<>(results, new InferenceStats(sizes, padded, tokens, truncated));
  }

  /** Pads to the longest member (never to the model maximum) and runs one ONNX call. */
  static BatchOutput runBatch(EncoderModel model, List<TokenizedInput> members) {
    int batch = members.size();
    int length = maxLength(members);
    long[] ids = new long[batch * length];
    long[] mask = new long[batch * length];
    long[] types = new long[batch * length];
    for (int row = 0; row < batch; row++) {
      TokenizedInput input = members.get(row);
      int offset = row * length;
      System.arraycopy(input.inputIds(), 0, ids, offset, input.length());
      System.arraycopy(input.tokenTypeIds(), 0, types, offset, input.length());
      for (int t = 0; t < input.length(); t++) {
        mask[offset + t] = 1L;
      }
    }
    long[] shape = {batch, length};
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    Map<String, OnnxTensor> feed = new HashMap<>();
    try {
      feed.put(EncoderModel.INPUT_IDS, OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape));
      feed.put(
          EncoderModel.ATTENTION_MASK, OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape));
      if (model.usesTokenTypeIds()) {
        feed.put(
            EncoderModel.TOKEN_TYPE_IDS,
            OnnxTensor.createTensor(env, LongBuffer.wrap(types), shape));
      }
      try (OrtSession.Result result = model.session().run(feed, Set.of(model.outputName()))) {
        OnnxTensor out = (OnnxTensor) result.get(0);
        FloatBuffer buffer = out.getFloatBuffer();
        float[] values = new float[buffer.remaining()];
        buffer.get(values);
        return new BatchOutput(values, out.getInfo().getShape());
      }
    } catch (OrtException e) {
      throw new IllegalStateException(
          "inference failed for model "
              + model.modelId()
              + " on batch of "
              + batch
              + " x "
              + length
              + ": "
              + e.getMessage(),
          e);
    } finally {
      feed.values().forEach(OnnxTensor::close);
    }
  }

  private static int maxLength(List<TokenizedInput> members) {
    int max = 0;
    for (TokenizedInput input : members) {
      max = Math.max(max, input.length());
    }
    return max;
  }
}
