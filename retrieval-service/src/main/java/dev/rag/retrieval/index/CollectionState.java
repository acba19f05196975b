package dev.rag.retrieval.index;

/**
 * What the index remembers per collection.
 *
 * @param epoch advances with every batch that changed the collection; the gateway drops cached
 *     answers of the collection when it sees a higher epoch
 * @param modelId the embedding model of the collection's vectors (the first vector decides; null
 *     while the collection has seen no vector, e.g. only deletes)
 * @param dimension the dimension of those vectors (0 while unknown)
 */
public record CollectionState(long epoch, String modelId, int dimension) {

  public CollectionState {
    if (epoch < 0) {
      throw new IllegalArgumentException("epoch must be >= 0, was " + epoch);
    }
    if (modelId != null && modelId.isBlank()) {
      throw new IllegalArgumentException("modelId must not be blank when present");
    }
    if (dimension < 0 || (modelId == null) != (dimension == 0)) {
      throw new IllegalArgumentException(
          "dimension must be >= 1 with a model and 0 without, was "
              + dimension
              + " for "
              + modelId);
    }
  }

  /** A collection known only by an epoch (no vector seen yet). */
  public static CollectionState withoutVectors(long epoch) {
    return new CollectionState(epoch, null, 0);
  }

  public boolean hasVectorSpace() {
    return modelId != null;
  }

  /** The same epoch, with the vector space of the first vector. */
  public CollectionState claim(String newModelId, int newDimension) {
    return new CollectionState(epoch, newModelId, newDimension);
  }

  public CollectionState nextEpoch() {
    return new CollectionState(epoch + 1, modelId, dimension);
  }

  /** Whether a vector of this model and dimension belongs to the collection's vector space. */
  public boolean sameSpace(String otherModel, int otherDimension) {
    return modelId.equals(otherModel) && dimension == otherDimension;
  }
}
