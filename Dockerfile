# One image for the API and the worker (the compose file picks the command).
# Build: docker build -t tizim .   (needs network access to the npm registry)
FROM node:20-bookworm-slim AS build
WORKDIR /app
# .npmrc first: it turns packages' install scripts off (the npm 10 of this image would run them).
COPY package.json package-lock.json .npmrc ./
# The same command as scripts/setup.sh, for its reason: npm 11 leaves other platforms' optional
# packages out of package-lock.json and `npm ci` then refuses the file; `npm install` takes every
# version from the lock file all the same (test/unit/setup.spec.ts keeps the two commands equal).
RUN npm install --no-audit --no-fund --loglevel=error
COPY . .
RUN bash scripts/prisma-generate.sh \
 && npm run build \
 && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
# The file store (a volume in the compose file) must belong to the user the processes run as.
RUN useradd --system --uid 10001 tizim && mkdir -p /var/lib/tizim/files && chown tizim /var/lib/tizim/files
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/prisma ./prisma
COPY --from=build /app/package.json ./package.json
USER tizim
EXPOSE 3000
# Default: the API. The worker runs the same image with: node dist/apps/worker/src/main.js
CMD ["node", "dist/apps/api/src/main.js"]
