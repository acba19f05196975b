package dev.rag.rerank;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Cross-encoder scoring: POST /v1/rerank. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class RerankServiceApplication {

  public static void main(String[] args) {
    SpringApplication.run(RerankServiceApplication.class, args);
  }
}
