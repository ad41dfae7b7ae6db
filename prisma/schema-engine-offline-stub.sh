#!/bin/sh
echo "Prisma's native schema engine is unavailable offline: use npm run db:migrate / db:new-migration / db:status" >&2
exit 1
