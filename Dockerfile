# syntax=docker/dockerfile:1
# Multi-stage build of EstateKit Vault. The runtime image runs as a non-root user and writes
# nothing outside /tmp, so the pod can use readOnlyRootFilesystem with an emptyDir on /tmp
# (the Amazon Corretto Crypto Provider unpacks its native library there).

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
COPY vault-domain vault-domain
COPY vault-adapter-kms vault-adapter-kms
COPY vault-adapter-postgres vault-adapter-postgres
COPY vault-adapter-http vault-adapter-http
COPY vault-app vault-app
RUN mvn -B -q -DskipTests package -pl vault-app -am

FROM eclipse-temurin:17-jre AS runtime
RUN groupadd --system --gid 10001 vault \
 && useradd --system --uid 10001 --gid vault --no-create-home --shell /usr/sbin/nologin vault
WORKDIR /app
COPY --from=build /src/vault-app/target/vault-app.jar /app/vault-app.jar
USER 10001:10001
ENV VAULT_ENV=production \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp"
EXPOSE 8080 8081
ENTRYPOINT ["java", "-jar", "/app/vault-app.jar"]
