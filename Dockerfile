# The identity server on Node 20. Build: docker build -t identity-server .
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
COPY compat ./compat
COPY drizzle ./drizzle
COPY schema ./schema
USER node
EXPOSE 8080 8081
CMD ["npx", "tsx", "src/main.ts"]
