# A container for one app instance, consistent with what `npm run test:topology` runs: `next start`
# of one production build, configured only by the environment, behind a TLS-terminating proxy
# (deploy/nginx/edge-sessions.conf.template). Not run by any test: these machines have no container
# runtime. Build: `docker build -t edge-sessions .`; run several with the environment in README.md.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# The build needs a secret to validate its environment; it is not baked into the output (the
# running container reads AUTH_SECRET from its own environment).
RUN AUTH_SECRET=build-only-placeholder-not-used-at-runtime-0000 NEXT_TELEMETRY_DISABLED=1 npm run build

FROM node:24-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT=3000
# node_modules stays whole: `npm run db:migrate` (tsx, drizzle) runs from this image too.
COPY --from=build --chown=node:node /app /app
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=5s CMD node -e "fetch('http://127.0.0.1:3000/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "node_modules/next/dist/bin/next", "start", "-H", "0.0.0.0", "-p", "3000"]
