#!/usr/bin/env bash
# Installs, or upgrades to, one chat-server image on a systemd host:
#   sudo deploy/install.sh chat-server/target/chat-server-VERSION.tar.gz
# - unpacks it as /opt/chat-server-VERSION (versions side by side: going back is one more run with the old tarball);
# - points /opt/netcat-chat at it in one atomic rename, however many versions are unpacked;
# - installs the default settings in /etc/netcat-chat/chat-server.properties only when there are none: an operator's
#   file is never overwritten (the new defaults are left beside it as chat-server.properties.dist);
# - installs the systemd unit; then says what to run.
# ROOT (default: empty, i.e. /) installs under another root instead: the tests install into a folder of their own.
set -euo pipefail

if (($# != 1)); then
  echo "usage: $0 chat-server-VERSION.tar.gz (exactly one image; got $#)" >&2
  exit 2
fi
image=$1
root=${ROOT:-}
deploy=$(cd "$(dirname "$0")" && pwd)

if [ ! -f "$image" ]; then
  echo "$0: no image at $image (build one with ./run-tests.sh or mvn package)" >&2
  exit 1
fi
# the image's one top folder, chat-server-VERSION (sed reads the whole list, so tar never sees a closed pipe)
top=$(tar -tzf "$image" | sed -n '1{s|/.*||;p}')
case "$top" in
  chat-server-*) ;;
  *) echo "$0: $image is not a chat-server image (its top folder is '$top')" >&2; exit 1 ;;
esac

install -d "$root/opt"
tar -xzf "$image" -C "$root/opt"
ln -sfn "$top" "$root/opt/.netcat-chat.next"
mv -Tf "$root/opt/.netcat-chat.next" "$root/opt/netcat-chat"

settings="$root/etc/netcat-chat/chat-server.properties"
if [ -e "$settings" ]; then
  install -m 0644 "$deploy/systemd/chat-server.properties" "$settings.dist"
  echo "kept $settings (this version's defaults are in $settings.dist)"
else
  install -D -m 0644 "$deploy/systemd/chat-server.properties" "$settings"
  echo "installed $settings"
fi
install -D -m 0644 "$deploy/systemd/netcat-chat.service" "$root/etc/systemd/system/netcat-chat.service"

echo "/opt/netcat-chat is now $top; start or restart it with:"
echo "  systemctl daemon-reload && systemctl enable netcat-chat && systemctl restart netcat-chat"
