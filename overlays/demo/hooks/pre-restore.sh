#!/bin/sh
# Loses the seeded record after the backup: restore must bring it back.
set -eu
cc-ci exec db -- rm -f /var/lib/db/seed.txt
