#!/bin/sh
# Seeds a record in the database volume before the backup, so the restore test can look for it.
# The expected value goes to the run's state dir, where the restore test reads it.
set -eu
seed="seeded by the bundled overlay at $(date +%s)"
cc-ci exec db -- sh -c 'echo "$1" > /var/lib/db/seed.txt' sh "$seed"
echo "$seed" > "$CCCI_STATE_DIR/seed"
