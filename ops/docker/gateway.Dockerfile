# syntax=docker/dockerfile:1.7
# gateway — the public entry: routing, auth, rate limits, answer cache; the bootstrap admin key is
# written to /var/lib/rag/gateway (a volume).
# Build from the repository root: docker build -f ops/docker/gateway.Dockerfile -t rag/gateway .

# ---- build: the module and the libraries it needs, with the project's own Maven wrapper
FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q -pl gateway -am package -DskipTests \
 && mkdir /layers \
 && java -Djarmode=tools -jar gateway/target/gateway-0.1.0-SNAPSHOT.jar extract --layers --destination /layers

# ---- run: JRE 25 only, as an unprivileged user; dependencies first so code changes reuse the layers
FROM eclipse-temurin:25-jre
RUN command -v curl >/dev/null || (apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*) \
 && groupadd --system --gid 10001 rag && useradd --system --uid 10001 --gid rag --home-dir /var/lib/rag rag \
 && mkdir -p /var/lib/rag && chown rag:rag /var/lib/rag \
 && mkdir -p /var/lib/rag/gateway && chown rag:rag /var/lib/rag/gateway
WORKDIR /app
COPY --from=build /layers/dependencies/ ./
COPY --from=build /layers/spring-boot-loader/ ./
COPY --from=build /layers/snapshot-dependencies/ ./
COPY --from=build /layers/application/ ./
USER 10001:10001
ENV RAG_STATE_DIR=/var/lib/rag \
    RAG_GATEWAY_PORT=8080 \
    JAVA_OPTS="-XX:MaxRAMPercentage=60"
EXPOSE 8080
# Readiness, not liveness: "healthy" means the service takes traffic, which is what compose's
# depends_on (condition: service_healthy) waits for.
HEALTHCHECK --interval=10s --timeout=3s --start-period=120s --retries=3 \
  CMD curl -fsS http://127.0.0.1:8080/actuator/health/readiness || exit 1
# ONNX Runtime and our FFM code call native code; Lucene's HNSW and our kernels use the Vector API.
ENTRYPOINT ["sh", "-c", "exec java --enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector $JAVA_OPTS -jar app.jar \"$@\"", "--"]
