# syntax=docker/dockerfile:1
# Portcullis container image: built with the Maven wrapper on a JDK, run on a JRE.
#   docker build -t portcullis:0.1.0-SNAPSHOT .
# Needs BuildKit (the default builder since Docker 23) for the Maven cache mount.

# ---- build: compile and package with the Maven wrapper, then split the jar into layers ----
FROM eclipse-temurin:25-jdk AS build
WORKDIR /build
COPY mvnw pom.xml ./
COPY .mvn/ .mvn/
COPY src/main/ src/main/
# The cache mount keeps Maven (the wrapper downloads it) and the dependencies between builds.
# Tests run in CI (./mvnw verify), not in the image build: they need no Docker and take minutes.
RUN --mount=type=cache,target=/root/.m2 \
    sh ./mvnw -B -ntp -Dmaven.test.skip=true package \
    && cp target/portcullis-*.jar portcullis.jar
# Spring Boot's layered jar: dependencies change least often, the application most often,
# so each gets its own directory and, below, its own image layer that stays cached.
RUN java -Djarmode=tools -jar portcullis.jar extract --layers --destination extracted

# ---- run: a JRE, no Maven, no JDK, no sources ----
FROM eclipse-temurin:25-jre
RUN groupadd --system --gid 10001 portcullis \
    && useradd --system --uid 10001 --gid portcullis --home-dir /app --no-create-home \
       --shell /usr/sbin/nologin portcullis
WORKDIR /app
COPY --from=build /build/extracted/dependencies/ ./
COPY --from=build /build/extracted/spring-boot-loader/ ./
COPY --from=build /build/extracted/snapshot-dependencies/ ./
COPY --from=build /build/extracted/application/ ./
# The JVM sizes itself from the container's memory limit. The heap starts at 25% of it (from a 64th,
# the JVM's default, it collected every 150 ms and grew slowly) and may grow to 65%: Netty's direct
# buffers, metaspace, code cache and thread stacks live outside the heap. Running out of memory ends
# the process, so the orchestrator restarts it instead of leaving a broken JVM up. Netty loads its
# native transport, which Java 24+ warns about unless native access is granted. The java launcher
# reads JDK_JAVA_OPTIONS: replace the variable to tune these (the Helm chart's jvm.options).
ENV JDK_JAVA_OPTIONS="-XX:InitialRAMPercentage=25 -XX:MaxRAMPercentage=65 -XX:+ExitOnOutOfMemoryError --enable-native-access=ALL-UNNAMED"
# An ahead-of-time cache (JDK 25, JEP 514/515): one training start-up, which Spring Boot ends once
# the context is refreshed, records the classes loaded and linked and the methods' profiles; every
# start then reads them instead of repeating that work. On one CPU the first proxied 200 came after
# 14 s instead of 22 s (README section 23). Training needs no network: no Redis, Kubernetes or
# config server is named. Should the JVM find the cache unusable (another JVM, another class path)
# it says so in a warning and starts without it.
RUN java -XX:AOTCacheOutput=/app/portcullis.aot -Dspring.context.exit=onRefresh -jar /app/portcullis.jar \
        --portcullis.demo.enabled=false --server.port=0 --management.server.port=0 \
    && chmod 0444 /app/portcullis.aot
# Numeric, so that Kubernetes' runAsNonRoot can verify it without reading /etc/passwd.
USER 10001:10001
# 8080 gateway traffic (server.port), 8081 management: health probes, Prometheus, admin (management.server.port)
EXPOSE 8080 8081
ENTRYPOINT ["java", "-XX:AOTCache=/app/portcullis.aot", "-jar", "/app/portcullis.jar"]
