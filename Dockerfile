# syntax=docker/dockerfile:1
# Build: docker build --build-arg VERSION=$(git describe --always) -t letebot .
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
# The same build the tests check (TestDockerfile in cmd/letebot/main_test.go).
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /out/letebot ./cmd/letebot

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/letebot /letebot
USER nonroot:nonroot
EXPOSE 8080
ENV HTTP_ADDR=:8080
ENTRYPOINT ["/letebot"]
CMD ["run"]
