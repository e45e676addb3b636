# Builds and runs Livepipe. Used by docker-compose.yml.
FROM eclipse-temurin:21-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -q -B -DskipTests -Djazzer.skip=true package

FROM eclipse-temurin:21-jre
WORKDIR /opt/livepipe
COPY --from=build /src/server/target/livepipe.jar ./livepipe.jar
COPY --from=build /src/server/target/lib ./lib
ENV LIVEPIPE_DATA_DIR=/var/lib/livepipe
VOLUME /var/lib/livepipe
EXPOSE 8080 1935 1936 8189/udp
# the launcher's JVM option (see ./livepipe): no G1 concurrent refinement threads
ENTRYPOINT ["java", "-XX:G1ConcRefinementThreads=0", "-jar", "/opt/livepipe/livepipe.jar"]
