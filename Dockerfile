# The gateway as a container. Build the jar first (./mvnw -B package), then: docker build -t sipgw .
# Configuration comes from the environment (docker run --env-file .env ...); no .env is copied into the image.
# Give the container more time to stop than DRAIN_TIMEOUT (default 30 s): docker stop -t 40, or
# stop_grace_period: 40s in compose, since Docker's default of 10 s would cut calls in progress.
FROM eclipse-temurin:17-jre

# A fixed unprivileged user: the gateway needs no root (its ports are above 1024).
RUN groupadd --system --gid 10001 sipgw \
 && useradd --system --uid 10001 --gid sipgw --home-dir /app --shell /usr/sbin/nologin sipgw

WORKDIR /app
COPY gateway-server/target/gateway-server.jar /app/gateway-server.jar

USER sipgw
# SIP over UDP and TCP, SIP over TLS, admin HTTP (/healthz, /readyz, /metrics).
EXPOSE 5060/udp 5060/tcp 5061/tcp 8080/tcp

# exec form: the JVM is PID 1 and receives SIGTERM itself, which starts the drain.
ENTRYPOINT ["java", "-XX:MaxGCPauseMillis=20", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/gateway-server.jar"]
