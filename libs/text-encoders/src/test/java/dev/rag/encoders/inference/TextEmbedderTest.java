package dev.rag.encoders.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rag.encoders.BundledModels;
import dev.rag.encoders.model.EncoderOptions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Against the real bge-small-en-v1.5 (quantized) from the test-scoped langchain4j jar. */
class TextEmbedderTest {

    private static TextEmbedder embedder;

    @BeforeAll
    static void load() {
        embedder = BundledModels.bgeSmallEmbedder(EncoderOptions.defaults());
    }

    @AfterAll
    static void close() {
        embedder.close();
    }

    @Test
    void measuresBatchDeviation() {
        String alone = "The cat sits on the mat";
        List<String> batch = List.of("short", alone, "A much longer sentence about quarterly earnings, interest rates and "
                + "the bond market, which pads the shorter members of the batch considerably more than usual.",
                "Another text of medium length here.");
        float[] a = embedder.embed(alone);
        Embeddings e = embedder.embed(batch);
        System.out.println("stats " + e.stats());
        for (int i = 0; i < batch.size(); i++) {
            float[] single = embedder.embed(batch.get(i));
            System.out.println("diff " + i + " = " + maxAbsDiff(single, e.vectors().get(i)));
        }
        System.out.println("diff alone = " + maxAbsDiff(a, e.vectors().get(1)));
        String same = "The dog lies on the rug"; // same token count as alone?
        System.out.println("counts " + embedder.countTokens(alone) + " " + embedder.countTokens(same));
        System.out.println("identical pair diff = " + maxAbsDiff(a, embedder.embed(List.of(alone, alone)).vectors().get(0)));
        System.out.println("same-length neighbour diff = " + maxAbsDiff(a, embedder.embed(List.of(alone, same)).vectors().get(0)));
        System.out.println("padding-only diff (self + longer copy) = " + maxAbsDiff(a, embedder.embed(List.of(alone, alone + " " + alone)).vectors().get(0)));
        float[] bNeighbour = embedder.embed(same);
        System.out.println("neighbour itself diff = " + maxAbsDiff(bNeighbour, embedder.embed(List.of(alone, same)).vectors().get(1)));

    }

    @Test
    void quickThroughput() {
        StringBuilder sb = new StringBuilder();
        String[] words = "retrieval augmented generation combines search with language models to answer questions about documents".split(" ");
        List<String> passages = new ArrayList<>();
        for (int p = 0; p < 32; p++) {
            sb.setLength(0);
            for (int w = 0; w < 254; w++) { sb.append(words[(w * 7 + p) % words.length]).append(' '); }
            passages.add(sb.toString());
        }
        System.out.println("tokens " + embedder.countTokens(passages.get(0)));
        for (BatchingPolicy policy : List.of(BatchingPolicy.unbatched(), BatchingPolicy.defaults(), BatchingPolicy.unbatched(), BatchingPolicy.defaults())) {
            TextEmbedder e = new TextEmbedder(embedder.model(), EmbeddingOptions.bge("").withBatching(policy));
            long t0 = System.nanoTime();
            e.embed(passages);
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.println(policy + " passages/s " + passages.size() / s);
        }
        float[] a = embedder.embed(passages.get(0));
        float[] b = embedder.embed(passages).vectors().get(0);
        double dot = 0; for (int i = 0; i < a.length; i++) dot += a[i] * b[i];
        System.out.println("cos alone vs batch " + dot + " maxdiff " + maxAbsDiff(a, b));
    }

    static float maxAbsDiff(float[] a, float[] b) {
        float max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
