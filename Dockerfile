# syntax=docker/dockerfile:1
# Production image: Node 24 LTS runs the TypeScript sources directly (type stripping); only production
# dependencies ship; runs as the unprivileged `node` user; /data holds the embedded database and stored files.

FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm install --no-audit --no-fund
COPY tsconfig.json biome.json ./
COPY src ./src
COPY migrations ./migrations
COPY flex-templates ./flex-templates
COPY console ./console
RUN npm run typecheck
# The staff console's static build (Vite); only its output ships.
RUN npm run console:build

FROM node:24-bookworm-slim AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm install --omit=dev --no-audit --no-fund

FROM node:24-bookworm-slim AS runtime
# HOST is left to the server: every interface with a LINE channel, loopback in local mode (its simulator has
# no login) — `-e HOST=0.0.0.0` opens local mode to the host deliberately.
ENV NODE_ENV=production PORT=3000 DATA_DIR=/data
# Fewer glibc malloc arenas roughly halve peak memory while photos are re-encoded (measured: bench:photos).
ENV MALLOC_ARENA_MAX=2
WORKDIR /app
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/src ./src
COPY --from=build /app/migrations ./migrations
COPY --from=build /app/flex-templates ./flex-templates
COPY --from=build /app/console/dist ./console/dist
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "src/server.ts"]
