#!/usr/bin/env bash
# Nightly backup of a CCAS visits instance: the PostgreSQL database (pg_dump, custom format)
# and the stored files (MEDIA_ROOT: issued reports, imports waiting for confirmation).
#
#   DATABASE_URL=postgres://ccas@localhost/ccas MEDIA_ROOT=/srv/ccas/media \
#   BACKUP_DIR=/var/backups/ccas docs/deploy/backup.sh
#
# Optional: BACKUP_PASSPHRASE_FILE=/etc/ccas/backup.pass encrypts both files with GnuPG
# (AES-256) where the host does not encrypt its disks; BACKUP_KEEP_DAYS (default 35) removes
# older backups, so that a backup never keeps an anonymised file alive for long (docs/operations.md).
set -euo pipefail

: "${DATABASE_URL:?DATABASE_URL is required}"
: "${BACKUP_DIR:?BACKUP_DIR is required}"
MEDIA_ROOT="${MEDIA_ROOT:-}"
KEEP_DAYS="${BACKUP_KEEP_DAYS:-35}"
stamp="$(date -u +%Y%m%d-%H%M%S)"
umask 077
mkdir -p "$BACKUP_DIR"

encrypt() {  # encrypt FILE in place when a passphrase file is given
  if [ -n "${BACKUP_PASSPHRASE_FILE:-}" ]; then
    gpg --batch --yes --quiet --pinentry-mode loopback --passphrase-file "$BACKUP_PASSPHRASE_FILE" \
      --symmetric --cipher-algo AES256 --output "$1.gpg" "$1"
    rm -f "$1"
  fi
}

dump="$BACKUP_DIR/ccas-$stamp.dump"
pg_dump --format=custom --no-owner --no-privileges --file="$dump.partial" "$DATABASE_URL"
mv "$dump.partial" "$dump"
encrypt "$dump"

if [ -n "$MEDIA_ROOT" ] && [ -d "$MEDIA_ROOT" ]; then
  files="$BACKUP_DIR/ccas-$stamp-files.tar.gz"
  tar --create --gzip --file="$files.partial" --directory="$MEDIA_ROOT" .
  mv "$files.partial" "$files"
  encrypt "$files"
fi

find "$BACKUP_DIR" -maxdepth 1 -name 'ccas-*' -type f -mtime +"$KEEP_DAYS" -delete
echo "Backup written: $BACKUP_DIR/ccas-$stamp*"
