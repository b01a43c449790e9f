#!/usr/bin/env bash
# Builds palisade_<version>_all.deb from the server jar with dpkg-deb.
#   deploy/debian/build.sh [jar] [output directory]
# The jar defaults to server/target/palisade-server.jar (build it with
# `mvn -B -DskipTests package -pl server -am`), the output directory to target/debian. The
# version is the jar's Implementation-Version, with "-" written "~" (0.1.0-SNAPSHOT becomes
# 0.1.0~SNAPSHOT, which sorts before 0.1.0). Prints the path of the package.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
jar="$(realpath "${1:-$root/server/target/palisade-server.jar}")"
out="${2:-$root/target/debian}"
[ -f "$jar" ] || { echo "build.sh: no jar at $jar" >&2; exit 1; }
upstream="$(unzip -p "$jar" META-INF/MANIFEST.MF | tr -d '\r' | sed -n 's/^Implementation-Version: //p')"
[ -n "$upstream" ] || { echo "build.sh: $jar has no Implementation-Version" >&2; exit 1; }
version="${upstream//-/\~}"
# reproducible: every date is the jar's own
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(stat -c %Y "$jar")}"

stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
umask 022
chmod 0755 "$stage"
install -D -m 0644 "$jar" "$stage/usr/share/palisade/palisade-server.jar"
install -D -m 0644 "$here/palisade.service" "$stage/lib/systemd/system/palisade.service"
install -D -m 0644 "$here/palisade.env" "$stage/etc/palisade/palisade.env"
install -D -m 0644 "$here/../jvm.options" "$stage/etc/palisade/jvm.options"
install -D -m 0755 "$here/../palisade-java" "$stage/usr/share/palisade/palisade-java"
install -D -m 0644 "$here/copyright" "$stage/usr/share/doc/palisade/copyright"
install -D -m 0644 "$here/README.Debian" "$stage/usr/share/doc/palisade/README.Debian"
install -D -m 0644 "$here/lintian-overrides" "$stage/usr/share/lintian/overrides/palisade"
{
  echo "palisade ($version) unstable; urgency=medium"
  echo
  echo "  * Palisade $upstream, built from the server jar."
  echo
  echo " -- Palisade maintainers <maintainers@palisade.example>  $(date -u -R -d "@$SOURCE_DATE_EPOCH")"
} | gzip -9n > "$stage/usr/share/doc/palisade/changelog.gz"
chmod 0644 "$stage/usr/share/doc/palisade/changelog.gz"

mkdir -p "$stage/DEBIAN"
install -m 0755 "$here/postinst" "$here/prerm" "$here/postrm" "$stage/DEBIAN/"
printf '%s\n' /etc/palisade/palisade.env /etc/palisade/jvm.options > "$stage/DEBIAN/conffiles"
(cd "$stage" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | sort -z | xargs -0 md5sum) \
  > "$stage/DEBIAN/md5sums"
chmod 0644 "$stage/DEBIAN/md5sums"
installed_size="$(du -sk --exclude=DEBIAN "$stage" | cut -f1)"
sed -e "s/@VERSION@/$version/" -e "s/@INSTALLED_SIZE@/$installed_size/" "$here/control" \
  > "$stage/DEBIAN/control"
find "$stage" -exec touch --no-dereference --date="@$SOURCE_DATE_EPOCH" {} +

mkdir -p "$out"
deb="$out/palisade_${version}_all.deb"
dpkg-deb --root-owner-group -Zgzip --build "$stage" "$deb" >/dev/null
echo "$deb"
