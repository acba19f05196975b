package dev.rag.ops.architecture;

import java.util.List;
import java.util.Set;

/**
 * A package cycle that exists today in a module other helpers are changing, tolerated by {@link
 * ArchitectureTest#noModuleHasAPackageCycle} until it is broken. Dependencies between any two
 * packages of one entry are ignored; everything else in the module must still be cycle-free. {@link
 * ArchitectureTest#everyKnownCycleStillExists} fails when an entry is no longer a cycle, so the
 * list only shrinks: delete the entry then.
 *
 * @param module the module's folder
 * @param packages the packages that depend on each other in a circle
 */
record KnownCycle(String module, Set<String> packages) {

  /** The known exceptions, found when the rule was introduced; remove each once it is broken. */
  static final List<KnownCycle> KNOWN_CYCLES =
      List.of(
          new KnownCycle(
              "ingest-service",
              Set.of("dev.rag.ingest.pipeline", "dev.rag.ingest.registry", "dev.rag.ingest.jobs")),
          new KnownCycle(
              "retrieval-service",
              Set.of("dev.rag.retrieval.index", "dev.rag.retrieval.index.lucene")));

  static List<KnownCycle> in(Module module) {
    return KNOWN_CYCLES.stream().filter(c -> c.module().equals(module.directory())).toList();
  }
}
