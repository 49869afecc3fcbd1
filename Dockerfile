# Multi-stage build of parley-server on Debian 12.
FROM debian:bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends \
      build-essential cmake ninja-build pkg-config \
      libboost1.81-dev libboost-json1.81-dev libboost-program-options1.81-dev \
      libpqxx-dev libpq-dev protobuf-compiler libprotobuf-dev libssl-dev libreadline-dev libjemalloc-dev libqrencode-dev \
      nodejs npm \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN cmake -S . -B /build -G Ninja -DCMAKE_BUILD_TYPE=Release -DPARLEY_BUILD_TESTS=OFF \
    && cmake --build /build --target parley-server parley parley_web

# The balancer of docker-compose's cluster profile: Debian's HAProxy.
FROM debian:bookworm-slim AS balancer
RUN apt-get update && apt-get install -y --no-install-recommends haproxy \
    && rm -rf /var/lib/apt/lists/*
COPY deploy/haproxy.cfg /etc/haproxy/haproxy.cfg
USER haproxy
EXPOSE 8080
ENTRYPOINT ["haproxy", "-f", "/etc/haproxy/haproxy.cfg", "-db"]

# The server (the default target: last).
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends \
      libpqxx-6.4 libprotobuf32 libboost-json1.81.0 libboost-program-options1.81.0 libssl3 libreadline8 libjemalloc2 libqrencode4 ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --home /var/lib/parley --create-home parley
COPY --from=build /build/server/parley-server /usr/local/bin/parley-server
# The client too: bots seated from the dashboard run it, and operators use it inside the container.
COPY --from=build /build/clients/cli/parley /usr/local/bin/parley
COPY --from=build /build/web /usr/share/parley/web
COPY migrations /usr/share/parley/migrations
COPY scenarios /usr/share/parley/scenarios
USER parley
ENV PARLEY_LISTEN=0.0.0.0:8080 \
    PARLEY_DATA_DIR=/var/lib/parley \
    PARLEY_MIGRATIONS_DIR=/usr/share/parley/migrations \
    PARLEY_SCENARIOS_DIR=/usr/share/parley/scenarios \
    PARLEY_WEB_DIR=/usr/share/parley/web \
    PARLEY_BOTS_CLIENT=/usr/local/bin/parley
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/parley-server"]
