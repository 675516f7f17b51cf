# The identity server on Node 24 (active LTS). Build: docker build -t identity-server .

# Build stage: every dependency, then `npm run build` compiles src/ and compat/ to dist/,
# copies beside them the files read at run time (drizzle/ migrations, the common-password list),
# and bundles the passkey web UI (src/web) into dist/web with Vite.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# The patches npm ci applies to dependencies (postinstall: patch-package).
COPY patches ./patches
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json vite.web.config.ts ./
COPY scripts ./scripts
COPY drizzle ./drizzle
COPY src ./src
COPY compat ./compat
RUN npm run build

# Run stage: production dependencies and dist/ only; no TypeScript, no sources.
FROM node:24-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
# argon2id's buffers, allocated on libuv's threads, otherwise stay in glibc's per-thread arenas
# (hundreds of MB after a burst of logins): two arenas, and a fixed mmap threshold so that each
# freed buffer goes back to the system instead of raising glibc's threshold and staying in the heap.
ENV MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=131072
COPY package.json package-lock.json ./
# The patches npm ci applies to dependencies (postinstall: patch-package).
COPY patches ./patches
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# Without DATABASE_URL the embedded database lives in ./data, which the node user must own.
RUN mkdir data && chown node:node data
USER node
EXPOSE 8080 8081
# node itself as PID 1 (no npm or shell in between), so SIGTERM reaches the graceful shutdown.
CMD ["node", "dist/src/main.js"]
