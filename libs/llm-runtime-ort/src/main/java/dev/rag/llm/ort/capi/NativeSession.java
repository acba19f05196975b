package dev.rag.llm.ort.capi;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * An ONNX Runtime session opened through the C API (the Java API's sessions cannot be used with
 * I/O binding). Execution providers: the CPU provider here; the CUDA provider is appended by the
 * GPU path (to be added and verified with a GPU).
 */
public final class NativeSession implements AutoCloseable {
    /** OrtLoggingLevel: ORT_LOGGING_LEVEL_WARNING = 2. */
    private static final int LOG_WARNING = 2;

    private final MemorySegment env;
    private final MemorySegment options;
    private final MemorySegment session;

    private NativeSession(MemorySegment env, MemorySegment options, MemorySegment session) {
        this.env = env;
        this.options = options;
        this.session = session;
    }

    /** Opens {@code model} (a serialised ModelProto) with {@code threads} intra-op threads. */
    public static NativeSession open(byte[] model, int threads) {
        if (threads <= 0) {
            throw new IllegalArgumentException("threads " + threads + " must be > 0");
        }
        MemorySegment env = MemorySegment.NULL;
        MemorySegment options = MemorySegment.NULL;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            OrtC.check("CreateEnv", (MemorySegment) OrtC.CREATE_ENV.invokeExact(LOG_WARNING, arena.allocateFrom("dev.rag.capi"), out));
            env = out.get(ValueLayout.ADDRESS, 0);
            OrtC.check("CreateSessionOptions", (MemorySegment) OrtC.CREATE_SESSION_OPTIONS.invokeExact(out));
            options = out.get(ValueLayout.ADDRESS, 0);
            OrtC.check("SetIntraOpNumThreads", (MemorySegment) OrtC.SET_INTRA_OP_NUM_THREADS.invokeExact(options, threads));
            MemorySegment bytes = arena.allocateFrom(ValueLayout.JAVA_BYTE, model);
            OrtC.check("CreateSessionFromArray", (MemorySegment) OrtC.CREATE_SESSION_FROM_ARRAY.invokeExact(env, bytes,
                    (long) model.length, options, out));
            return new NativeSession(env, options, out.get(ValueLayout.ADDRESS, 0));
        } catch (Throwable t) {
            if (!options.equals(MemorySegment.NULL)) {
                OrtC.release(OrtC.RELEASE_SESSION_OPTIONS, options);
            }
            if (!env.equals(MemorySegment.NULL)) {
                OrtC.release(OrtC.RELEASE_ENV, env);
            }
            throw OrtC.rethrow("opening a session", t);
        }
    }

    MemorySegment pointer() {
        return session;
    }

    @Override
    public void close() {
        OrtC.release(OrtC.RELEASE_SESSION, session);
        OrtC.release(OrtC.RELEASE_SESSION_OPTIONS, options);
        OrtC.release(OrtC.RELEASE_ENV, env);
    }
}
