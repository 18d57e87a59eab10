# bc-odoo: the daemon (default), or any other command of the CLI.
#
#   docker build -t bc-odoo .
#   docker run --rm -e BC_STORE_HASH=… -e BC_ACCESS_TOKEN=… -e ODOO_URL=… -e ODOO_DB=… \
#     -e ODOO_USERNAME=… -e ODOO_PASSWORD=… bc-odoo                       # config from the environment
#   docker run --rm -v "$PWD/config/bc-odoo.yaml:/config/bc-odoo.yaml:ro" bc-odoo   # or from a file
#
# Checked in CI without a Docker engine by test/unit/docker.test.ts (dockerfile-utils lint).

# Node 24: an LTS line (maintained until April 2028) the unit suite runs on (README, Compatibility).
ARG NODE_IMAGE=node:24-slim

# --- build: full dependencies, TypeScript → dist/ ---------------------------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# --- production dependencies only ------------------------------------------------------------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# --- runtime -------------------------------------------------------------------------------------
FROM ${NODE_IMAGE}
ENV NODE_ENV=production \
    BC_ODOO_HTTP_HOST=0.0.0.0 \
    BC_ODOO_HTTP_PORT=9187
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY config/bc-odoo.example.yaml ./config/
# config/bc-odoo.yaml (the default path) points at /config/bc-odoo.yaml: mount a file there, or
# leave it out and configure through BC_* / ODOO_* variables (the link then leads nowhere).
RUN mkdir -p /config && ln -s /config/bc-odoo.yaml ./config/bc-odoo.yaml
# The image's unprivileged user (uid 1000).
USER node
EXPOSE 9187
# Liveness from inside the container: node's fetch, no curl in the image.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.BC_ODOO_HTTP_PORT || 9187) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# docker stop sends SIGTERM: the daemon finishes the running import (shutdown_grace_seconds).
STOPSIGNAL SIGTERM
CMD ["node", "dist/cli.js", "daemon"]
