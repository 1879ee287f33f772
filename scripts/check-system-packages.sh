#!/usr/bin/env bash
# Makes sure the Debian packages in scripts/system-packages.txt are installed before the tests run
# (npm's `pretest` step; .ci/run calls it too). A package counts as installed when its command is
# on PATH.
#   - all present: prints nothing, exit 0.
#   - some missing, running as root: apt-get update, apt-get install them, exit 0 once their commands
#     are there (exit 1 when apt-get is missing or fails, or a command is still missing after it).
#   - some missing, not root: ONE line on stderr naming the exact command to run, exit 1.
# For tests: MCP_RISK_CHECK_UID pretends to be that user id instead of the real one ($EUID), so the
# root and non-root paths can both be exercised without installing anything.
set -uo pipefail

# Only bash builtins until apt-get: the tests run this with a PATH that holds nothing else.
here="${BASH_SOURCE[0]}"
case "$here" in */*) here="${here%/*}" ;; *) here=. ;; esac
list="$here/system-packages.txt"
if [ ! -r "$list" ]; then
  echo "check-system-packages: cannot read $list" >&2
  exit 1
fi

packages=()
commands=()
while read -r package command _; do
  case "$package" in '' | '#'*) continue ;; esac
  packages+=("$package")
  commands+=("${command:-$package}")
done <"$list"

# The packages whose command is not on PATH, and why, in list order.
missing_packages() {
  missing=()
  reasons=()
  for i in "${!packages[@]}"; do
    if ! command -v "${commands[$i]}" >/dev/null 2>&1; then
      missing+=("${packages[$i]}")
      reasons+=("${packages[$i]} (no ${commands[$i]} command)")
    fi
  done
}

joined() {
  local IFS=','
  local text="$*"
  echo "${text//,/, }"
}

missing_packages
[ "${#missing[@]}" -eq 0 ] && exit 0

uid="${MCP_RISK_CHECK_UID:-$EUID}"
if [ "$uid" != 0 ]; then
  echo "npm test needs Debian packages that are missing: $(joined "${reasons[@]}"). Install them, then run npm test again: sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 1
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "npm test needs $(joined "${reasons[@]}") and there is no apt-get to install them with: install the packages that provide $(joined "${missing[@]}") with this system's package manager, then run npm test again" >&2
  exit 1
fi

echo "installing the Debian packages the tests need: ${missing[*]} (apt-get, as root)" >&2
if ! apt-get update -qq || ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"; then
  echo "apt-get could not install ${missing[*]}; fix the error above, then run npm test again" >&2
  exit 1
fi

missing_packages
if [ "${#missing[@]}" -gt 0 ]; then
  echo "still missing after apt-get install: $(joined "${reasons[@]}"); check PATH, then run npm test again" >&2
  exit 1
fi
exit 0
