# Config versions: bump one whenever its template changes (swarm configs are immutable).
export APP_CONF_VERSION=v1
