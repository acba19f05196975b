package dev.rag.llm.engine;

/**
 * Runs an {@link Engine} on its own thread for callers that submit from elsewhere (services): the
 * loop steps while there is work and sleeps otherwise; submissions and cancellations wake it.
 * Closing stops the loop, cancels what is left and closes the engine.
 */
public final class EngineLoop implements AutoCloseable {
  private final Engine engine;
  private final Object signal = new Object();
  private final Thread thread;
  private volatile boolean running = true;

  public EngineLoop(Engine engine) {
    this.engine = engine;
    this.thread = Thread.ofPlatform().name("llm-engine").daemon().start(this::loop);
  }

  /** Queues a request; see {@link Engine#submit} for the errors it reports. */
  public Request submit(GenerationRequest spec) {
    Request r = engine.submit(spec);
    wake();
    return r;
  }

  public void cancel(long requestId) {
    engine.cancel(requestId);
    wake();
  }

  private void wake() {
    synchronized (signal) {
      signal.notifyAll();
    }
  }

  private void loop() {
    while (running) {
      if (engine.hasWork()) {
        engine.step();
        continue;
      }
      synchronized (signal) {
        try {
          if (running && !engine.hasWork()) {
            signal.wait(100);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  @Override
  public void close() {
    running = false;
    wake();
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    engine.close();
  }
}
