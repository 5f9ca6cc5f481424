#!/usr/bin/env bash
# Gathers the NuGet packages of nuget-packages.txt, with every dependency, as a flat folder of .nupkg files: the local
# feed the image carries. Runs on the build machine (needs the .NET SDK and a reachable NuGet source); the image build
# itself needs no NuGet.
#
# Usage: images/dotnet-interactive/collect-packages.sh FEED_DIR
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
feed=${1:?usage: collect-packages.sh FEED_DIR}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# One throwaway project per line, each restored alone: a notebook may reference any one package by itself, and NuGet
# then takes the lowest versions its dependencies allow, which a restore of all of them together would not bring.
n=0
while read -r kind id version; do
  case "$kind" in
    package) reference="<PackageReference Include=\"$id\" Version=\"$version\" />" ;;
    tool) reference="<PackageDownload Include=\"$id\" Version=\"[$version]\" />" ;;
    ''|\#*) continue ;;
    *) echo "collect-packages: nuget-packages.txt: unknown kind '$kind' in '$kind $id $version' (package or tool)" >&2; exit 2 ;;
  esac
  n=$((n + 1)); mkdir -p "$work/p$n"
  cat >"$work/p$n/Feed.csproj" <<PROJECT
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
  <ItemGroup>$reference</ItemGroup>
</Project>
PROJECT
  echo "collect-packages: $id $version and its dependencies..." >&2
  dotnet restore "$work/p$n/Feed.csproj" --packages "$work/packages" -nologo -v quiet >&2
done <"$here/nuget-packages.txt"

rm -rf "$feed"; mkdir -p "$feed"
find "$work/packages" -name '*.nupkg' -exec cp {} "$feed/" \;
echo "collect-packages: $(find "$feed" -name '*.nupkg' | wc -l) packages in $feed ($(du -sh "$feed" | cut -f1))" >&2
