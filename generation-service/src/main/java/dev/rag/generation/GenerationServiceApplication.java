package dev.rag.generation;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The answer pipeline on llm-runtime and the OpenAI-compatible chat API. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class GenerationServiceApplication {

  public static void main(String[] args) {
    SpringApplication.run(GenerationServiceApplication.class, args);
  }
}
