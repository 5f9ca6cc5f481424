#!/usr/bin/env bash
# Runs inside the image build (Dockerfile): installs the dotnet-interactive kernel from the local feed.
set -euo pipefail
# The build runs as root; the base image's HOME is the analyst's, whose files become each member's new home: leave it
# exactly as the Python image has it.
export HOME=/root
feed=/opt/sandbox/nuget
tools=/opt/dotnet-tools
version=$(cat "$feed/dotnet-interactive.version")
dotnet tool install --tool-path "$tools" Microsoft.dotnet-interactive --version "$version"

# dotnet-interactive 1.0.712001 ships FSharp.Core 10.0.103, but Plotly.NET 6 (the charts the feed carries) is built
# against FSharp.Core 10.1, which cannot load once the kernel holds the older one ("Could not load file or assembly
# 'FSharp.Core, Version=10.1.0.0'"). FSharp.Core keeps binary compatibility, so the kernel gets the newest 10.x in the
# feed: the kernel and its F# compiler run on it, and the packages find the version they were built against.
app=$(dirname "$(find "$tools/.store" -name Microsoft.DotNet.Interactive.App.dll | head -n1)")
newest=$(ls "$feed" | sed -nE 's/^fsharp\.core\.(10\.[0-9]+\.[0-9]+)\.nupkg$/\1/p' | sort -V | tail -n1)
if [ -n "$newest" ]; then
  python3 - "$feed/fsharp.core.$newest.nupkg" "$app" <<'PY'
import sys, zipfile
package, app = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(package) as z:
    for name in z.namelist():
        prefix = "lib/netstandard2.1/"
        if name.startswith(prefix) and name.endswith(".dll"):
            with open(f"{app}/{name[len(prefix):]}", "wb") as out:
                out.write(z.read(name))
PY
  echo "install-kernel: FSharp.Core $newest in the kernel"
fi
# plotly.js for charts without internet: Plotly.NET carries it (as the resource it inlines for PlotlyJSReference.Full);
# Jupyter serves it at {base_url}nbextensions/sandbox-plotly/plotly.min.js, where custom.js points Plotly.NET's charts.
python3 - "$feed" <<'PY'
import glob, os, struct, sys, zipfile
feed = sys.argv[1]
packages = sorted(glob.glob(f"{feed}/plotly.net.[0-9]*.nupkg"))
if not packages:
    sys.exit("install-kernel: no Plotly.NET package in the feed")
with zipfile.ZipFile(packages[-1]) as z:
    dll = z.read("lib/netstandard2.0/Plotly.NET.dll")
# A managed resource is its length (4 bytes, little-endian) then its bytes; plotly.min.js opens with its banner.
banner = dll.find(b"* plotly.js v")
start = dll.rfind(b"/**", 0, banner)
length = struct.unpack("<I", dll[start - 4:start])[0] if start > 4 else 0
script = dll[start:start + length]
if banner < 0 or not (1_000_000 < length < 20_000_000) or not script.rstrip().endswith((b")", b";")):
    sys.exit("install-kernel: plotly.js not found in " + packages[-1])
target = "/usr/local/share/jupyter/nbextensions/sandbox-plotly"
os.makedirs(target, exist_ok=True)
with open(f"{target}/plotly.min.js", "wb") as out:
    out.write(script)
print(f"install-kernel: plotly.js ({length} bytes) from {packages[-1].rsplit('/', 1)[-1]}")
PY
rm -rf /root/.nuget /root/.dotnet /root/.local /tmp/NuGetScratch* /tmp/.dotnet
