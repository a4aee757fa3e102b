#!/usr/bin/env bash
# Starts a single-node Slurm (munged + slurmctld + slurmd, no accounting database) for the Slurm backend tests
# (Sluice.Jobs.Tests, SlurmBackendTests), following cluster.md §3. Prints the SLURM_CONF path as the last line; the
# tests pass it to sbatch/squeue/scontrol/scancel. Idempotent. Needs root (daemons run as root, as in cluster.md).
#   SLUICE_SLURM_DIR  state/log folder (default /tmp/sluice-slurm)     Stop with: scripts/start-slurm.sh stop
set -euo pipefail
dir="${SLUICE_SLURM_DIR:-/tmp/sluice-slurm}"
conf="$dir/slurm.conf"

if [ "${1:-}" = "stop" ]; then
  for pid in "$dir/slurmd.pid" "$dir/slurmctld.pid"; do [ -f "$pid" ] && kill "$(cat "$pid")" 2>/dev/null || true; done
  exit 0
fi
for tool in slurmctld slurmd munged sbatch scontrol; do
  command -v "$tool" >/dev/null || { echo "$tool is missing (apt-get install -y slurm-wlm munge; scripts/install-test-deps.sh does it)" >&2; exit 2; }
done
[ "$(id -u)" -eq 0 ] || { echo "start-slurm.sh needs root (it starts munged, slurmctld and slurmd)" >&2; exit 2; }

host="$(hostname -s)"
cpus="$(nproc)"
mem="$(awk '/MemTotal/ {print int($2/1024*0.9)}' /proc/meminfo)"
mkdir -p "$dir/state" "$dir/spool" "$dir/log"
cat > "$conf.new" <<CONF
ClusterName=sluice
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
ReturnToService=2
SchedulerParameters=batch_sched_delay=0
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=$dir/log/jobcomp.txt
MailProg=/bin/true
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
mv "$conf.new" "$conf"
export SLURM_CONF="$conf"

if ! pgrep -x munged >/dev/null; then
  install -d -o munge -g munge -m 0755 /run/munge
  [ -f /etc/munge/munge.key ] || { /usr/sbin/mungekey --create 2>/dev/null || /usr/sbin/create-munge-key -f; chown munge:munge /etc/munge/munge.key; }
  runuser -u munge -- /usr/sbin/munged
fi
alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
alive "$dir/slurmctld.pid" || slurmctld -f "$conf"
alive "$dir/slurmd.pid" || slurmd -f "$conf"
for _ in $(seq 1 100); do
  state="$(sinfo -h -o %T 2>/dev/null | head -n1 || true)"
  case "$state" in idle|mixed|allocated) echo "$conf"; exit 0 ;; esac
  sleep 0.1
done
echo "Slurm did not become idle (sinfo: '${state:-none}'); see $dir/log" >&2
tail -n 5 "$dir/log/slurmctld.log" "$dir/log/slurmd.log" >&2 || true
exit 1
