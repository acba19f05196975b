package dev.rag.llm.engine;

import dev.rag.llm.kv.BlockCopy;
import java.util.List;

/**
 * What one step runs, decided by the {@link Scheduler}, executed by the {@link ModelRunner}: plain
 * data (ids, positions, block tables, sampling parameters), the only message between the two. The
 * runner never sees a {@link Request}.
 *
 * @param sequences the batch
 * @param blockCopies copy-on-write copies to make before the forward pass
 * @param preempted ids of requests preempted in this step (their blocks were freed)
 * @param finished ids of requests that finished since the previous step; the runner forgets their
 *     samplers
 */
public record SchedulerOutput(
    List<ScheduledSequence> sequences,
    List<BlockCopy> blockCopies,
    List<Long> preempted,
    List<Long> finished) {

  public SchedulerOutput {
    sequences = List.copyOf(sequences);
    blockCopies = List.copyOf(blockCopies);
    preempted = List.copyOf(preempted);
    finished = List.copyOf(finished);
  }

  public boolean isEmpty() {
    return sequences.isEmpty();
  }

  public int totalTokens() {
    int n = 0;
    for (ScheduledSequence s : sequences) {
      n += s.tokens().length;
    }
    return n;
  }
}
