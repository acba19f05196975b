# shellcheck shell=bash
# Sourced, never run: the one port probe of the platform's scripts (rag, ops/local/infra).
#
#   port_open PORT [HOST]   succeeds when something accepts TCP connections on HOST:PORT
#                           (default 127.0.0.1); bash's /dev/tcp, so no nc or ss is needed.

port_open() {
  (exec 3<>"/dev/tcp/${2:-127.0.0.1}/$1") 2>/dev/null
}
