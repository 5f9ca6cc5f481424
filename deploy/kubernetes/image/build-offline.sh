#!/usr/bin/env bash
# Builds the orchestrator's container image where no .NET base image can be pulled (no container registry reachable):
# publishes the orchestrator with this machine's .NET SDK (framework-dependent), copies the .NET and ASP.NET Core
# runtimes from the SDK's own shared folder, builds the portal with Node, and puts all of it on a minimal Debian
# bookworm root made with debootstrap from this machine's apt mirror, then `docker import`s the tree with the settings
# orchestrator/Dockerfile sets (non-root uid 1654, port 8080, data in /var/lib/sandbox, read-only root friendly).
#
# Usage: deploy/kubernetes/image/build-offline.sh [TAG]   (default: sandbox/orchestrator:<short commit>)
# Needs: root, debootstrap, the .NET 10 SDK, Node.js with npm, a running Docker engine.
# Took 9 minutes the first time on 2 busy cores, 5 minutes afterwards (the Debian root is reused).
set -euo pipefail

repo=$(cd "$(dirname "$0")/../../.." && pwd)
tag=${1:-sandbox/orchestrator:$(git -C "$repo" rev-parse --short=12 HEAD)}
work=${SANDBOX_IMAGE_WORKDIR:-/var/tmp/sandbox-image-build}
base="$work/orchestrator-base"     # debootstrap's output, kept between builds
root="$work/orchestrator-rootfs"   # base + the application, made afresh each build
uid=1654                           # the uid of the `app` user in Microsoft's .NET images, so both builds agree

# 1. The Debian mirror this machine already uses (never a hard-coded host).
mirror=$(grep -hE '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}' | grep -v security | head -n1 || true)
if [ -z "$mirror" ]; then
  mirror=$(grep -hE '^deb ' /etc/apt/sources.list 2>/dev/null | grep -v security | awk '{print $2}' | head -n1 || true)
fi
[ -n "$mirror" ] || { echo "build-offline: no Debian mirror found in this machine's apt configuration" >&2; exit 1; }
mkdir -p "$work"

# 2. A minimal Debian root with what the .NET runtime loads (ICU, OpenSSL, zlib, CA certificates, time zones).
if [ ! -f "$base/.debootstrap-done" ]; then
  rm -rf "$base"; mkdir -p "$base"
  echo "build-offline: debootstrap bookworm (about 3 minutes)..."
  debootstrap --variant=minbase --include=ca-certificates,libicu72,libssl3,tzdata,zlib1g \
      bookworm "$base" "$mirror" >"$work/orchestrator-debootstrap.log" 2>&1 \
    || { tail -n 30 "$work/orchestrator-debootstrap.log" >&2; exit 1; }
  chroot "$base" groupadd --gid $uid app
  chroot "$base" useradd --uid $uid --gid $uid --no-create-home --home-dir /tmp --shell /usr/sbin/nologin app
  rm -rf "$base"/var/cache/apt/archives/*.deb "$base"/var/lib/apt/lists/* "$base"/usr/share/doc/* "$base"/usr/share/man/*
  touch "$base/.debootstrap-done"
fi

# 3. The orchestrator, framework-dependent, and the runtimes it needs from the SDK's installation.
dotnet_root=$(dirname "$(readlink -f "$(command -v dotnet)")")
publish="$work/orchestrator-publish"
rm -rf "$publish"
echo "build-offline: dotnet publish..."
dotnet publish "$repo/orchestrator/Sandbox.Orchestrator" -c Release -o "$publish" -p:UseAppHost=false -nologo -v quiet >&2
framework=$(ls "$dotnet_root/shared/Microsoft.AspNetCore.App" | sort -V | tail -n1)
netcore=$(ls "$dotnet_root/shared/Microsoft.NETCore.App" | sort -V | tail -n1)
fxr=$(ls "$dotnet_root/host/fxr" | sort -V | tail -n1)

# 4. The portal, built by its own scripts into portal/dist.
echo "build-offline: building the portal..."
(cd "$repo/portal" && npm ci --no-audit --no-fund --loglevel=error >&2 && npm run build --silent >&2)

# 5. The image's tree: base + runtime + application + portal + an empty data folder owned by the app user.
rm -rf "$root"
cp -a "$base" "$root"
rm -f "$root/.debootstrap-done"
mkdir -p "$root/usr/share/dotnet/host/fxr" "$root/usr/share/dotnet/shared/Microsoft.NETCore.App" \
         "$root/usr/share/dotnet/shared/Microsoft.AspNetCore.App" "$root/app" "$root/var/lib/sandbox"
cp -a "$dotnet_root/dotnet" "$root/usr/share/dotnet/"
cp -a "$dotnet_root/host/fxr/$fxr" "$root/usr/share/dotnet/host/fxr/"
cp -a "$dotnet_root/shared/Microsoft.NETCore.App/$netcore" "$root/usr/share/dotnet/shared/Microsoft.NETCore.App/"
cp -a "$dotnet_root/shared/Microsoft.AspNetCore.App/$framework" "$root/usr/share/dotnet/shared/Microsoft.AspNetCore.App/"
ln -sf /usr/share/dotnet/dotnet "$root/usr/bin/dotnet"
cp -a "$publish/." "$root/app/"
cp -a "$repo/portal/dist" "$root/app/portal"
chown $uid:$uid "$root/var/lib/sandbox"
chmod 0700 "$root/var/lib/sandbox"

# 6. Import with the Dockerfile's settings.
echo "build-offline: docker import as $tag (runtime $netcore, ASP.NET Core $framework)"
tar --numeric-owner --exclude=./proc/* --exclude=./sys/* --exclude=./dev/* -C "$root" -c . \
  | docker import \
      --change "USER $uid:$uid" \
      --change 'WORKDIR /app' \
      --change 'ENV HOME=/tmp ASPNETCORE_URLS=http://+:8080 DOTNET_RUNNING_IN_CONTAINER=true DOTNET_ROOT=/usr/share/dotnet Sandbox__DataDir=/var/lib/sandbox Sandbox__Portal__Root=/app/portal' \
      --change 'EXPOSE 8080' \
      --change 'VOLUME /var/lib/sandbox' \
      --change 'ENTRYPOINT ["/usr/bin/dotnet", "/app/Sandbox.Orchestrator.dll"]' \
      --change "LABEL org.opencontainers.image.title=\"Sandbox orchestrator\" org.opencontainers.image.revision=$(git -C "$repo" rev-parse HEAD)" \
      - "$tag" >/dev/null
rm -rf "$root" "$publish"
echo "build-offline: built $tag"
