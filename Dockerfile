# meshdiff in a container: the same self-contained binary as `make dist`, on a small base.
#   docker build -t meshdiff .
#   docker run --rm -v "$PWD:/repo" meshdiff diff origin/main...HEAD --format markdown
# (The repository is mounted at /repo, the working directory; no git is needed inside.)
FROM swift:6.3-bookworm AS build
RUN apt-get update -qq && apt-get install -y -qq libgit2-dev libyaml-dev libssh2-1-dev libmbedtls-dev \
        libhttp-parser-dev libssl-dev libpcre2-dev zlib1g-dev pkg-config git > /dev/null
WORKDIR /src
COPY . .
RUN scripts/dist.sh && tar -xzf meshdiff-*-linux-*.tar.gz -C /opt && mv /opt/meshdiff-*-linux-* /opt/meshdiff

FROM debian:bookworm-slim
COPY --from=build /opt/meshdiff /opt/meshdiff
ENV PATH=/opt/meshdiff/bin:$PATH
WORKDIR /repo
# A mounted checkout usually belongs to another user than the container's root.
RUN printf '[safe]\n\tdirectory = *\n' > /etc/gitconfig
ENTRYPOINT ["meshdiff"]
