package dev.rag.embedding;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Stateless embedding: the rag.chunks processor and POST /v1/embeddings. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class EmbeddingServiceApplication {

  public static void main(String[] args) {
    SpringApplication.run(EmbeddingServiceApplication.class, args);
  }
}
