#!/usr/bin/env bash
# The example of README's first command (`npm run example`, after `npm run build`): starts a
# local Director in a data directory (or reuses the one a previous run left running), creates
# and uploads the example release, records a stemcell for the local CPI, deploys
# examples/deployment/manifest.yml to local VMs and shows the instances with their processes.
# Then says how to look around and how to clean up. Needs root: the local CPI makes each VM
# with Linux namespaces. BOSUN_EXAMPLE_DIR chooses the data directory.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
DATA_DIR=${BOSUN_EXAMPLE_DIR:-$ROOT/.bosun-example}
DEPLOYMENT=bosun-example
MANIFEST=examples/deployment/manifest.yml
STEMCELL_OS=ubuntu-jammy
STEMCELL_VERSION=1
PIDFILE=$DATA_DIR/director.pid
LOG=$DATA_DIR/director.log
CREDENTIALS=$DATA_DIR/admin-credentials.yml
START_TIMEOUT_S=60

bosun() { node "$ROOT/bin/bosun.js" "$@"; }
say() { if [ -t 1 ]; then printf '\n\033[1m==> %s\033[0m\n' "$*"; else printf '\n==> %s\n' "$*"; fi; }
fail() {
  printf '\nError: %s\n' "$*" >&2
  exit 1
}

HAS_DIRECTOR=false

# On any failure once a Director is involved: its last words, and where to read the rest.
on_exit() {
  local status=$?
  [ "$status" != 0 ] && [ "$HAS_DIRECTOR" = true ] || return 0
  if [ -f "$LOG" ]; then
    printf '\nThe last lines of the Director log:\n' >&2
    tail -n 25 "$LOG" >&2
  fi
  printf '\nThe example stopped at the step above (exit %s). The Director log is %s.\n' "$status" "$LOG" >&2
}
trap on_exit EXIT

# Runs one step, showing the command first.
run() {
  printf '$ bosun %s\n' "$*"
  bosun "$@"
}

check_prerequisites() {
  if [ "$(id -u)" != 0 ]; then
    fail "the example deploys to local VMs, which the local CPI makes with Linux namespaces: run it as root,
  for instance: sudo env PATH=\"\$PATH\" npm run example"
  fi
  [ "$(uname -s)" = Linux ] || fail 'the local CPI runs on Linux only'
  local tool
  for tool in ip unshare nsenter setsid mount; do
    command -v "$tool" > /dev/null || fail "'$tool' is missing (packages iproute2 and util-linux)"
  done
  # Packaging scripts run with BOSH's PATH; the example's package compiles C with `cc`.
  PATH=/usr/sbin:/usr/bin:/sbin:/bin command -v cc > /dev/null ||
    fail "'cc' is not under /usr/bin or /bin: the example's package is compiled from C (install build-essential)"
  [ -f "$ROOT/dist/cli/main.js" ] || fail 'Bosun is not built: run npm run build first'
}

director_pid() {
  local pid
  [ -f "$PIDFILE" ] || return 1
  pid=$(cat "$PIDFILE")
  # A live process that is a Bosun Director (not a process that reused the pid).
  [ -n "$pid" ] && kill -0 "$pid" 2> /dev/null &&
    tr '\0' ' ' < "/proc/$pid/cmdline" 2> /dev/null | grep -q 'bosun.js director' || return 1
  echo "$pid"
}

start_director() {
  local pid
  mkdir -p "$DATA_DIR"
  HAS_DIRECTOR=true
  if pid=$(director_pid); then
    say "Reusing the Director left running by a previous run (pid $pid, data in $DATA_DIR)"
    return
  fi
  rm -f "$PIDFILE"
  say "Starting a Director with data in $DATA_DIR (log: $LOG)"
  printf '$ bosun director --data-dir %s --config examples/director.yml &\n' "$DATA_DIR"
  # Its own session, so that it outlives this script and a Ctrl-C here.
  setsid node "$ROOT/bin/bosun.js" director --data-dir "$DATA_DIR" --config examples/director.yml \
    >> "$LOG" 2>&1 < /dev/null &
  echo $! > "$PIDFILE"
}

# Waits until the Director answers, then targets it with the generated admin's credentials.
target_director() {
  local url='' waited=0
  while :; do
    director_pid > /dev/null || fail "the Director exited while starting"
    url=$(sed -n 's/.* listening on \(http[^ ]*\).*/\1/p' "$LOG" | tail -n 1)
    if [ -n "$url" ] && [ -f "$CREDENTIALS" ]; then
      export BOSUN_ENVIRONMENT=$url BOSUN_CLIENT=admin
      BOSUN_CLIENT_SECRET=$(sed -n 's/^password: //p' "$CREDENTIALS")
      export BOSUN_CLIENT_SECRET
      if bosun env > /dev/null 2>&1; then break; fi
    fi
    [ "$waited" -lt $((START_TIMEOUT_S * 5)) ] || fail "the Director did not answer within ${START_TIMEOUT_S}s"
    sleep 0.2
    waited=$((waited + 1))
  done
  say "Targeting the Director at $BOSUN_ENVIRONMENT as admin ($CREDENTIALS)"
  run env
}

upload_release() {
  local release=$DATA_DIR/release tarball=$DATA_DIR/bosun-example-release.tgz
  say "Creating the next dev release of examples/release (jobs web and ticker, package greeter-tools)"
  # From a copy in the data directory: the dev release records (dev_releases/) go there too,
  # and examples/release stays as it is in the repository.
  mkdir -p "$release"
  find "$release" -mindepth 1 -maxdepth 1 ! -name dev_releases -exec rm -rf {} +
  tar -C examples/release --exclude=./dev_releases -cf - . | tar -C "$release" -xf -
  run create-release --dir "$release" --force --tarball "$tarball"
  say 'Uploading it'
  run upload-release "$tarball"
}

upload_stemcell() {
  say "Recording stemcell $STEMCELL_OS/$STEMCELL_VERSION: local VMs share this machine's OS, so it has no image"
  run upload-stemcell --os "$STEMCELL_OS" --version "$STEMCELL_VERSION"
}

deploy() {
  say "Deploying $MANIFEST: 2 web instances in z1 and z2, 1 ticker polling them"
  run deploy -n -d "$DEPLOYMENT" "$MANIFEST"
  say 'The instances and their processes'
  run instances -d "$DEPLOYMENT" --ps
}

print_next_steps() {
  local pid
  pid=$(director_pid || cat "$PIDFILE")
  cat << EOF

The deployment '$DEPLOYMENT' is running on local VMs, and the Director stays up (pid $pid).

Look around (as root: the credentials file is root's):
  export BOSUN_ENVIRONMENT=$BOSUN_ENVIRONMENT BOSUN_CLIENT=admin \\
         BOSUN_CLIENT_SECRET=\$(sed -n 's/^password: //p' $CREDENTIALS)
  npx bosun instances -d $DEPLOYMENT --ps      # every instance, its IP and its processes
  npx bosun vms -d $DEPLOYMENT
  npx bosun logs -d $DEPLOYMENT ticker/0       # the ticker's logs: what each web instance answers
  npx bosun tasks --recent                     # then: npx bosun task ID [--debug]
  npm run example                              # again: a new dev release, to which web rolls, canary
                                               # first (its greeting names the release version);
                                               # each deploy adds a line to every instance's
                                               # /var/vcap/sys/log/<job>/post-deploy.stdout.log
Clean up:
  npx bosun delete-deployment -d $DEPLOYMENT -n
  kill $pid                                    # stops the Director
  rm -rf $DATA_DIR
EOF
}

check_prerequisites
start_director
target_director
upload_release
upload_stemcell
deploy
print_next_steps
