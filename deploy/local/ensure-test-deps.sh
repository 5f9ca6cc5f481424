#!/usr/bin/env bash
# What the test suite needs besides the Docker engine, the notebook image and the images of its throwaway PostgreSQL
# and Redis (ensure-images.sh, ensure-test-images.sh; the tests start those servers themselves through Testcontainers,
# so no server runs on this machine): static busybox (the runtime adapter's tiny test image), Chromium (the browser
# tests drive this one through Playwright, given its path; Playwright's own browsers are never downloaded), Node.js
# with npm (the hub tests, the manifest validation), nginx (the TLS tests), an OCI registry with htpasswd (the dataset
# push tests start their own) and kubectl (the deployment tests render deploy/kubernetes with its kustomize). Installs
# what is missing.
set -euo pipefail

missing=()
command -v busybox >/dev/null 2>&1 && busybox --list 2>/dev/null | grep -qx httpd || missing+=(busybox-static)
# The test images are made with debootstrap (tests/images/build-offline.sh).
command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
# The portal speaks Korean: without a Korean font Chromium draws its screenshots as empty boxes.
command -v fc-list >/dev/null 2>&1 && fc-list :lang=ko | grep -q . || missing+=(fonts-nanum)
# The hub tests run the official SignalR JavaScript client under Node (tests/hub-client; the tests run npm ci there).
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
# The TLS tests put Debian's nginx in front of the orchestrator (started by the test with its own configuration).
[ -x /usr/sbin/nginx ] || missing+=(nginx)
# The dataset tests push data images to Distribution (started by the test on 127.0.0.1 with its own storage), some
# of them behind basic authentication whose password file htpasswd writes.
[ -x /usr/bin/docker-registry ] || missing+=(docker-registry)
command -v htpasswd >/dev/null 2>&1 || missing+=(apache2-utils)
if [ ${#missing[@]} -gt 0 ]; then
  echo "sandbox: installing ${missing[*]}..." >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 \
    || { apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null; }
fi

# The deployment tests need kubectl with kustomize v5 (kubectl 1.27+): the package `kubectl`, which Debian's archive
# does not carry (it comes from the Kubernetes project's apt repository). Debian's own `kubernetes-client` (1.20,
# kustomize v2) cannot render deploy/kubernetes, so it is no fallback. Where no apt source serves `kubectl`, this only
# warns, and the deployment tests fail saying what is missing.
if ! command -v kubectl >/dev/null 2>&1; then
  echo "sandbox: installing kubectl..." >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq kubectl >/dev/null 2>&1 \
    || echo "sandbox: warning: no apt source serves the package kubectl; the tests in tests/Sandbox.Deploy.Tests will fail" >&2
fi
