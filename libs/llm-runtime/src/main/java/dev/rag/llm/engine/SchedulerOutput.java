package dev.rag.llm.engine;

import dev.rag.llm.kv.BlockCopy;
import java.util.List;

/**
 * What one step runs, decided by the {@link Scheduler}, executed by the {@link ModelRunner}.
 *
 * @param sequences the batch
 * @param blockCopies copy-on-write copies to make before the forward pass
 * @param preempted ids of requests preempted in this step (their blocks were freed)
 */
public record SchedulerOutput(
    List<ScheduledSequence> sequences, List<BlockCopy> blockCopies, List<Long> preempted) {

  public SchedulerOutput {
    sequences = List.copyOf(sequences);
    blockCopies = List.copyOf(blockCopies);
    preempted = List.copyOf(preempted);
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
