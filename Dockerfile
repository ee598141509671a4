# syntax=docker/dockerfile:1
# The BFF (+ the built H5 app it serves under /app/). Three stages: build everything, install only the runtime
# dependencies of bff + shared, then a slim image with neither compilers nor dev dependencies.
# The build and start commands are the ones scripts/cluster.sh runs (npx tsc -b; node bff/dist/cli/migrate.js;
# node bff/dist/main.js); see docs/deployment.md for what was and was not run on our machines.
ARG NODE_IMAGE=node:20.19-bookworm-slim

FROM ${NODE_IMAGE} AS build
# python3/make/g++: native modules (better-sqlite3, argon2) build from source when no prebuilt binary matches
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
COPY shared/package.json shared/
COPY bff/package.json bff/
COPY miniapp/package.json miniapp/
RUN npm ci --no-audit --no-fund
COPY tsconfig.base.json tsconfig.json ./
COPY shared shared
COPY bff bff
COPY miniapp miniapp
RUN npx tsc -b && npm run build:h5

FROM build AS runtime-deps
# only what bff and shared need at run time, compiled for this same base image
RUN rm -rf node_modules shared/node_modules bff/node_modules miniapp/node_modules \
  && npm ci --omit=dev --no-audit --no-fund -w @jucard/bff -w @jucard/shared

FROM ${NODE_IMAGE}
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 H5_DIST_DIR=miniapp/dist/h5
WORKDIR /app
COPY --from=runtime-deps /app/package.json /app/package-lock.json ./
COPY --from=runtime-deps /app/node_modules node_modules
COPY --from=runtime-deps /app/shared/package.json shared/
COPY --from=runtime-deps /app/bff/package.json bff/
COPY --from=build /app/shared/dist shared/dist
COPY --from=build /app/bff/dist bff/dist
COPY --from=build /app/miniapp/dist/h5 miniapp/dist/h5
# uploads (FILE_STORE=local) and the embedded profile's SQLite file; mount a volume here, or use FILE_STORE=s3
RUN mkdir -p .data && chown node:node .data
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+process.env.PORT+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# the heap cap npm start uses (scripts/bootstrap.mjs); SIGTERM from `docker stop` lets the BFF drain
CMD ["node", "--max-old-space-size=192", "bff/dist/main.js"]
