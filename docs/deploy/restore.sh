#!/usr/bin/env bash
# Restore a backup made by backup.sh into an EMPTY database, then its stored files.
#
#   DATABASE_URL=postgres://ccas@localhost/ccas_restored MEDIA_ROOT=/srv/ccas/media \
#   docs/deploy/restore.sh /var/backups/ccas/ccas-20261203-020000.dump [ccas-...-files.tar.gz]
#
# Encrypted backups (.gpg) are decrypted with BACKUP_PASSPHRASE_FILE. After a restore, run
# `manage.py migrate` (when the software is newer than the backup) and `manage.py verify_access_log`.
set -euo pipefail

: "${DATABASE_URL:?DATABASE_URL is required (an empty database)}"
dump="${1:?usage: restore.sh DUMP [FILES.tar.gz]}"
files="${2:-}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

decrypt() {  # print the path of FILE, decrypted if it ends in .gpg
  case "$1" in
    *.gpg)
      local out="$work/$(basename "${1%.gpg}")"
      gpg --batch --quiet --pinentry-mode loopback --passphrase-file "${BACKUP_PASSPHRASE_FILE:?BACKUP_PASSPHRASE_FILE is required for .gpg files}" \
        --decrypt --output "$out" "$1"
      echo "$out" ;;
    *) echo "$1" ;;
  esac
}

tables="$(psql --no-psqlrc --tuples-only --quiet --dbname="$DATABASE_URL" \
  --command="SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")"
if [ "${tables// /}" != "0" ]; then
  echo "The target database is not empty: restore into a new database." >&2
  exit 1
fi

pg_restore --no-owner --no-privileges --exit-on-error --dbname="$DATABASE_URL" "$(decrypt "$dump")"

if [ -n "$files" ]; then
  : "${MEDIA_ROOT:?MEDIA_ROOT is required to restore the stored files}"
  mkdir -p "$MEDIA_ROOT"
  tar --extract --gzip --file="$(decrypt "$files")" --directory="$MEDIA_ROOT"
fi
echo "Restored into $DATABASE_URL"
