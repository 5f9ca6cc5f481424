# After `npm install`: adds lockfile entries for rollup's platform binaries that the registry mirror these machines use
# does not serve (npm then leaves them out of the lock, and `npm ci` refuses the lock as out of sync). They are marked
# optional with their os/cpu/libc, so `npm ci` accepts the lock and skips them here. Run: npm run lock
import json, sys
lock_path = sys.argv[1]
lock = json.load(open(lock_path))
pkgs = lock['packages']
rollup = pkgs['node_modules/rollup']
version = rollup['optionalDependencies']
cpu_map = {'arm': 'arm', 'arm64': 'arm64', 'x64': 'x64', 'ia32': 'ia32', 'riscv64': 'riscv64', 's390x': 's390x', 'ppc64': 'ppc64', 'loong64': 'loong64'}
for name, v in version.items():
    key = 'node_modules/' + name
    if key in pkgs or name == 'fsevents':
        continue
    parts = name.split('/')[1].split('-')[1:]  # e.g. linux, x64, musl
    os_name = parts[0]
    cpu = parts[1]
    entry = {'version': v, 'cpu': [cpu_map.get(cpu, cpu)], 'dev': True, 'license': 'MIT', 'optional': True, 'os': [os_name]}
    rest = '-'.join(parts[2:])
    if 'musl' in rest: entry['libc'] = ['musl']
    elif 'gnu' in rest and os_name == 'linux': entry['libc'] = ['glibc']
    pkgs[key] = entry
lock['packages'] = dict(sorted(pkgs.items(), key=lambda kv: (kv[0] != '', kv[0])))
json.dump(lock, open(lock_path, 'w'), indent=2)
open(lock_path, 'a').write('\n')
