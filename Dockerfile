# syntax=docker/dockerfile:1
# One image per pipeline service. The build argument MODULE picks the service: gateway, stage-download,
# stage-archive, stage-stream or stage-notify. docker-compose.yml builds all five; by hand:
#   docker build --build-arg MODULE=stage-archive -t recording-pipeline/archive .

FROM eclipse-temurin:17-jdk AS build
ARG MODULE
ARG VERSION=1.0.0-SNAPSHOT
WORKDIR /src
COPY . .
# The Maven repository lives in a build cache, so a rebuild after a code change downloads nothing.
RUN --mount=type=cache,target=/root/.m2 \
    test -n "${MODULE}" && test -f "${MODULE}/pom.xml" \
    && ./mvnw -B -q -pl "${MODULE}" -am package -DskipTests \
    && cp "${MODULE}/target/${MODULE}-${VERSION}-exec.jar" /app.jar

FROM eclipse-temurin:17-jre
# curl serves the compose health checks (GET /actuator/health).
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 pipeline \
    && useradd --system --uid 10001 --gid pipeline --no-create-home --home-dir /var/lib/pipeline pipeline \
    && mkdir -p /var/lib/pipeline/spool \
    && chown -R pipeline:pipeline /var/lib/pipeline
# A fresh named volume mounted on /var/lib/pipeline takes this owner, so the service can write to it.
COPY --from=build /app.jar /app/app.jar

# bin/jvm-options for containers: the heap follows the container's memory limit (MaxRAMPercentage) instead of
# a fixed -Xmx; the rest keeps the JVM's own overhead small (one malloc arena pair, Serial GC, capped
# metaspace, code cache and direct memory, small thread stacks) and stops the JVM on OOM so compose restarts it.
ENV MALLOC_ARENA_MAX=2 \
    JAVA_OPTS="-XX:MaxRAMPercentage=50 -Xms32m -XX:+UseSerialGC -XX:MaxMetaspaceSize=160m -XX:ReservedCodeCacheSize=64m -XX:MaxDirectMemorySize=64m -Xss512k -XX:+ExitOnOutOfMemoryError"

USER pipeline
WORKDIR /var/lib/pipeline
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar /app/app.jar \"$@\"", "--"]
