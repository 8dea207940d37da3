# Gladi studio image. On a real host with internet access, mediasoup's
# postinstall downloads its prebuilt worker (or builds it with the toolchain
# installed in the build stage).
FROM node:24-bookworm-slim AS build
RUN apt-get update \
	&& apt-get install -y --no-install-recommends python3 python3-pip make g++ ca-certificates \
	&& rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
COPY shared/package.json shared/
COPY server/package.json server/
COPY client/package.json client/
COPY test/package.json test/
RUN npm ci --no-audit --no-fund
COPY tsconfig.base.json ./
COPY shared shared
COPY server server
COPY client client
RUN npm run build --workspace client

FROM node:24-bookworm-slim
# GLADI_HOST=0.0.0.0: the container's own interfaces, so that a proxy on the
# container network reaches port 3000; publish only the proxy and the media
# ports (docker-compose.yml), never 3000 itself. Behind a proxy, set
# GLADI_TRUST_PROXY to its address and GLADI_PUBLIC_URL to the public URL.
# Several nodes sharing PostgreSQL: set GLADI_NODE_ID too (its default, the host
# name, is a new container id each time the container is made).
ENV NODE_ENV=production \
	GLADI_HOST=0.0.0.0 \
	GLADI_PORT=3000 \
	GLADI_HTTPS_PORT=0 \
	GLADI_DATA_DIR=/data \
	GLADI_MEDIA_LISTEN_IP=0.0.0.0 \
	GLADI_MEDIA_PORT=40000
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/shared shared
COPY --from=build /app/server server
COPY --from=build /app/client/dist client/dist
# /uploads: the product photos several nodes share (GLADI_UPLOADS_DIR, docker-compose.yml); a new
# named volume mounted there takes this folder's owner, so the node user can write to it.
RUN mkdir -p /data /uploads && chown node:node /data /uploads
VOLUME /data
# Media only: browsers reach the workers directly. Port 3000 is for the proxy (`docker run -P` must not publish it).
EXPOSE 40000-40001/udp 40000-40001/tcp
USER node
CMD ["node", "server/src/main.ts"]
