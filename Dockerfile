# The API's image, for docker-compose.yml. Neo4j runs in its own container (NEO4J_URI).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json codegen.ts ./
COPY schema ./schema
COPY src ./src
RUN npx graphql-codegen --config codegen.ts && npx tsc -p tsconfig.build.json

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY --from=build /app/dist ./dist
COPY schema ./schema
COPY cypher ./cypher
COPY data ./data
# The explorer page is served from its source files (no build step).
COPY src/http/explorer ./src/http/explorer
USER node
EXPOSE 4000
CMD ["node", "dist/src/main.js"]
