# Builds the csidesk binary and ships it in a small Debian image. Debian rather than distroless so
# docker-compose.yml can chain migrate, seed and serve with /bin/sh.

FROM golang:1.26 AS build
WORKDIR /src
# Modules first, so a source change does not download them again.
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# timetzdata embeds the time-zone database: store time zones are validated with
# time.LoadLocation, and the runtime image need not carry tzdata.
RUN CGO_ENABLED=0 go build -trimpath -tags timetzdata -ldflags="-s -w" -o /csidesk ./cmd/csidesk

FROM debian:bookworm-slim
# CA certificates for databases reached over TLS (sslmode=verify-full).
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --user-group --no-create-home --shell /usr/sbin/nologin csidesk
COPY --from=build /csidesk /csidesk
USER csidesk
# The binary's default is 127.0.0.1, which would be unreachable from outside the container.
ENV LISTEN_ADDR=0.0.0.0:8080
EXPOSE 8080
ENTRYPOINT ["/csidesk"]
CMD ["serve"]
