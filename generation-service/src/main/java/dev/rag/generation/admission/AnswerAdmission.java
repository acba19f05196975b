package dev.rag.generation.admission;

import dev.rag.contracts.problem.ProblemType;
import dev.rag.support.problem.ProblemWriter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bounds the answers in progress ({@link AdmissionProperties#limit()}). Past the limit a request is
 * refused at once with 503 {@code upstream-unavailable} and {@code Retry-After: 1}, counted in
 * {@code rag.generation.shed}: without it, an overload queued every request behind the others until
 * clients timed out, and the work done for those requests was wasted (measured: served answers fell
 * from ~22/s to ~10/s at twice the saturating rate, bench/RESULTS.md). A stream holds its permit
 * until it ends.
 */
@Component
class AnswerAdmission extends OncePerRequestFilter {

  private static final Set<String> ANSWER_PATHS = Set.of("/v1/answers", "/v1/chat/completions");

  private final Semaphore permits;
  private final int limit;
  private final Counter shed;

  AnswerAdmission(AdmissionProperties properties, MeterRegistry meters) {
    this.limit = properties.limit();
    this.permits = new Semaphore(limit);
    this.shed =
        Counter.builder("rag.generation.shed")
            .description("Answer requests refused because the service was at capacity")
            .register(meters);
    Gauge.builder("rag.generation.answers.in.progress", permits, p -> limit - p.availablePermits())
        .description("Answer requests being worked on")
        .register(meters);
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    // The servlet path is decoded and normalized (no ";params", no "/./"), as the handler mapping
    // sees it: a spelling that still reaches an answer endpoint cannot skip the limit.
    return !"POST".equals(request.getMethod()) || !ANSWER_PATHS.contains(request.getServletPath());
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (!permits.tryAcquire()) {
      shed.increment();
      refuse(response);
      return;
    }
    AtomicBoolean released = new AtomicBoolean();
    Runnable release =
        () -> {
          if (released.compareAndSet(false, true)) {
            permits.release();
          }
        };
    try {
      chain.doFilter(request, response);
    } finally {
      if (request.isAsyncStarted()) {
        request.getAsyncContext().addListener(new ReleaseWhenDone(release));
      } else {
        release.run();
      }
    }
  }

  private void refuse(HttpServletResponse response) throws IOException {
    response.setHeader("Retry-After", "1");
    ProblemWriter.write(
        response,
        ProblemType.UPSTREAM_UNAVAILABLE,
        "generation-service is at capacity (" + limit + " answers in progress); retry shortly");
  }

  /** Gives the permit back when a streamed answer ends, however it ends. */
  private record ReleaseWhenDone(Runnable release) implements AsyncListener {
    @Override
    public void onComplete(AsyncEvent event) {
      release.run();
    }

    @Override
    public void onTimeout(AsyncEvent event) {
      release.run();
    }

    @Override
    public void onError(AsyncEvent event) {
      release.run();
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
      event.getAsyncContext().addListener(this);
    }
  }
}
