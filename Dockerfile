# Portico gateway image (the sample backends run from the same image, see docker-compose.yml).
#   docker build -t portico .
#   docker run -p 9090:9090 -v "$PWD/config:/app/config:ro" portico
# Settings come from /app/config/gateway.yaml (mount it) and PORTICO_* environment variables.

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# The workspace package (@portico/sdk) must be present for npm ci to link it.
COPY libs/sdk/package.json ./libs/sdk/
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY apps ./apps
COPY libs ./libs
COPY scripts/copy-ui-assets.mjs ./scripts/
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY scripts/healthcheck.mjs ./scripts/
# Owned by the runtime user, so a named volume mounted here starts out writable.
RUN mkdir -p /app/data /app/config && chown node:node /app/data
USER node
# data plane HTTP, data plane HTTPS, admin API
EXPOSE 9090 9095 9843
# Healthy while GET /ready answers 200 (503 from the start of a shutdown); the port follows PORTICO_DATA_PLANE__HTTP_PORT.
HEALTHCHECK --interval=10s --timeout=5s --start-period=20s --retries=3 CMD ["node", "scripts/healthcheck.mjs"]
CMD ["node", "dist/apps/gateway/src/main.js"]
