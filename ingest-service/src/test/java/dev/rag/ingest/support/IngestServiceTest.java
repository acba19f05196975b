package dev.rag.ingest.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;

/**
 * The one application context of the ingest-service tests (cached and shared by every class): real
 * Kafka and PostgreSQL, a 1 MB upload limit so the 413 path is cheap to exercise, and a staging
 * directory under target/.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "rag.ingest.max-upload-size=1MB",
      "rag.ingest.staging-dir=target/staging",
      "rag.ingest.chunk-target-tokens=128"
    })
@ContextConfiguration(initializers = RealInfrastructure.class)
public @interface IngestServiceTest {}
