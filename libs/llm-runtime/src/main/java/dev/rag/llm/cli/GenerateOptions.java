package dev.rag.llm.cli;

import dev.rag.llm.gguf.GgmlType;
import dev.rag.llm.tensor.ActivationFormat;
import java.nio.file.Path;

/**
 * Parsed flags of {@code rag generate}.
 *
 * @param model      GGUF file
 * @param prompt     prompt text (empty: start from BOS)
 * @param tokens     tokens to generate per request ({@code -n})
 * @param temperature 0 = greedy
 * @param seed       sampling seed (request i uses seed + i)
 * @param threads    compute threads
 * @param quantize   quantize on load to Q8_0 or Q4_0, or null
 * @param parallel   concurrent requests
 * @param stats      print a JSON stats line to stderr
 * @param backend    {@code java}, or a {@link dev.rag.llm.backend.BackendProvider} on the class path
 *                   (e.g. {@code onnxruntime})
 * @param device     where a provided backend runs ({@code cpu} or {@code cuda})
 * @param activations how the java backend multiplies Q8_0/Q4_0 weights: int8 activations ({@code q8},
 *                   faster) or float ({@code f32}, exact, the default)
 */
record GenerateOptions(Path model, String prompt, int tokens, float temperature, long seed, int threads,
                       GgmlType quantize, int parallel, boolean stats, String backend, String device,
                       ActivationFormat activations) {

    static final String USAGE = "usage: rag generate --model F.gguf --prompt TEXT -n N [--temp T] [--seed S] "
            + "[--threads T] [--quantize q8_0|q4_0] [--parallel C] [--stats] [--backend java|onnxruntime] "
            + "[--device cpu|cuda] [--activations q8|f32]";

    static GenerateOptions parse(String[] args) {
        Path model = null;
        String prompt = null;
        int n = 256;
        float temp = 0.8f;
        long seed = 42;
        int threads = Runtime.getRuntime().availableProcessors();
        GgmlType quantize = null;
        int parallel = 1;
        boolean stats = false;
        String backend = "java";
        String device = "cpu";
        ActivationFormat activations = ActivationFormat.F32;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--model" -> model = Path.of(value(args, ++i, a));
                case "--prompt" -> prompt = value(args, ++i, a);
                case "-n" -> n = intValue(args, ++i, a, 1, 1 << 20);
                case "--temp" -> temp = floatValue(args, ++i, a);
                case "--seed" -> seed = Long.parseLong(value(args, ++i, a));
                case "--threads" -> threads = intValue(args, ++i, a, 1, 1024);
                case "--quantize" -> quantize = switch (value(args, ++i, a).toLowerCase()) {
                    case "q8_0" -> GgmlType.Q8_0;
                    case "q4_0" -> GgmlType.Q4_0;
                    default -> throw new IllegalArgumentException("--quantize must be q8_0 or q4_0, got " + args[i]);
                };
                case "--parallel" -> parallel = intValue(args, ++i, a, 1, 256);
                case "--stats" -> stats = true;
                case "--backend" -> backend = value(args, ++i, a);
                case "--device" -> device = value(args, ++i, a);
                case "--activations" -> activations = ActivationFormat.parse(value(args, ++i, a));
                default -> throw new IllegalArgumentException("unknown argument '" + a + "'");
            }
        }
        if (model == null) {
            throw new IllegalArgumentException("--model is required");
        }
        if (prompt == null) {
            throw new IllegalArgumentException("--prompt is required (use \"\" to start from BOS)");
        }
        if (!(temp >= 0 && temp <= 100)) {
            throw new IllegalArgumentException("--temp " + temp + " outside [0, 100]");
        }
        return new GenerateOptions(model, prompt, n, temp, seed, threads, quantize, parallel, stats, backend, device,
                activations);
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[i];
    }

    private static int intValue(String[] args, int i, String flag, int min, int max) {
        String v = value(args, i, flag);
        int x;
        try {
            x = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " needs an integer, got '" + v + "'");
        }
        if (x < min || x > max) {
            throw new IllegalArgumentException(flag + " " + x + " outside [" + min + ", " + max + "]");
        }
        return x;
    }

    private static float floatValue(String[] args, int i, String flag) {
        String v = value(args, i, flag);
        try {
            return Float.parseFloat(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " needs a number, got '" + v + "'");
        }
    }
}
