#!/bin/sh
# The container image: its build context never carries build trees, data or
# secrets (the admin token and the embedded database live in var/), and the
# image ships the parley client next to the server (bots seated from the
# dashboard run it). Read from the files, as no container runtime is assumed.
set -eu
root=$1
fail=0
for pattern in build/ var/ '**/node_modules/' .git/; do
  grep -qxF -- "$pattern" "$root/.dockerignore" || { echo ".dockerignore does not exclude $pattern"; fail=1; }
done
grep -q -- '--target parley-server parley ' "$root/Dockerfile" || { echo "the image build does not build the parley client"; fail=1; }
grep -q 'COPY --from=build /build/clients/cli/parley /usr/local/bin/parley' "$root/Dockerfile" || { echo "the image does not ship the parley client"; fail=1; }
grep -q 'PARLEY_BOTS_CLIENT=/usr/local/bin/parley' "$root/Dockerfile" || { echo "the image does not point the server at its bots client"; fail=1; }
exit $fail
