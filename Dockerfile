# syntax=docker/dockerfile:1
# Pairing Graph API image. Neo4j is NOT embedded here: the container always gets NEO4J_URI
# (see docker-compose.yml), so no Java runtime is installed.

# ---- build: install every dependency, compile TypeScript, then drop dev dependencies ----
FROM node:20-bookworm-slim AS build
WORKDIR /app

# Dependencies first, for layer caching. --ignore-scripts: package.json's `prepare` runs tsc,
# and the sources are not copied yet; the build runs explicitly below.
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts

COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build \
 && npm prune --omit=dev --ignore-scripts \
 && npm cache clean --force

# ---- runtime: compiled output, production node_modules, GraphQL schema and seed data ----
FROM node:20-bookworm-slim AS runtime
WORKDIR /app

ENV NODE_ENV=production HOST=0.0.0.0 PORT=4000

# Owned by root and only readable by the service user: the app never writes to its own folder.
# schema/ and seed/ sit next to package.json: the service finds its project root by walking up
# to the folder holding both package.json and schema/.
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY schema ./schema
COPY seed ./seed

USER node
EXPOSE 4000

# No curl in the slim image: probe /healthz with Node's built-in fetch.
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

# Not `npm start`: its prestart hook runs tsc, which needs the dev dependencies pruned above.
CMD ["node", "dist/src/main.js"]
