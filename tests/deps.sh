#!/bin/sh
# Installs the Debian packages named in $DEBS that are missing: with apt-get
# when run as root, else it prints the exact command and fails.
missing=""
if command -v dpkg-query >/dev/null 2>&1; then
	for p in $DEBS; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing="$missing $p"
	done
else
	echo "deps: not a Debian system; make sure these (or your system's equivalents) are installed:$DEBS" >&2
	exit 0
fi
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then
	echo "deps: installing:$missing" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >&2 && apt-get install -y -qq --no-install-recommends $missing >&2 && exit 0
	echo "deps: apt-get could not install:$missing" >&2
	exit 1
fi
echo "deps: missing Debian packages:$missing" >&2
echo "deps: run as root:  apt-get install -y$missing" >&2
exit 1
