# syntax=docker/dockerfile:1
# One image per pipeline service, made of the executable jar that the Maven build packaged and tested: the image
# holds exactly the artifact the release test (PackagedJarReleaseIT) and the compose-as-processes test ran, never
# a second build of the sources. Build the jars first, then the images; the build argument MODULE picks the
# service: gateway, stage-download, stage-archive, stage-stream or stage-notify. docker-compose.yml builds all five.
#   ./mvnw -B verify                       (or ./mvnw -B package -DskipTests)
#   docker compose build                   (or: docker build --build-arg MODULE=stage-archive -t recording-pipeline/archive .)
# .dockerignore keeps everything out of the build context but these exec jars.

FROM eclipse-temurin:17-jre
ARG MODULE
ARG VERSION=1.0.0-SNAPSHOT
# curl serves the compose health checks (GET /actuator/health).
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 pipeline \
    && useradd --system --uid 10001 --gid pipeline --no-create-home --home-dir /var/lib/pipeline pipeline \
    && mkdir -p /var/lib/pipeline/spool \
    && chown -R pipeline:pipeline /var/lib/pipeline
# A fresh named volume mounted on /var/lib/pipeline takes this owner, so the service can write to it.
COPY ${MODULE}/target/${MODULE}-${VERSION}-exec.jar /app/app.jar

# bin/jvm-options for containers: the heap follows the container's memory limit (MaxRAMPercentage) instead of
# a fixed -Xmx; the rest keeps the JVM's own overhead small (one malloc arena pair, Serial GC, capped
# metaspace, code cache and direct memory, small thread stacks) and stops the JVM on OOM so compose restarts it.
ENV MALLOC_ARENA_MAX=2 \
    JAVA_OPTS="-XX:MaxRAMPercentage=50 -Xms32m -XX:+UseSerialGC -XX:MaxMetaspaceSize=160m -XX:ReservedCodeCacheSize=64m -XX:MaxDirectMemorySize=64m -Xss512k -XX:+ExitOnOutOfMemoryError"

USER pipeline
WORKDIR /var/lib/pipeline
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar /app/app.jar \"$@\"", "--"]
