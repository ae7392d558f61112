# nfs-ganesha (FSAL VFS) on 127.0.0.1 for the NFS tests and benchmarks:
# sourced after tests/lib.sh by rump/fs/nfs/tests/t_nfs.sh,
# tests/fs/t_fs_nfs.sh and bench/nfs.sh.
#   gan_usable            ganesha, rpcbind and root here?  Else says why
#                         (one line on stdout) and fails.
#   gan_setup DIR EXPORT PORT   rpcbind started if none answers (and
#                         stopped at exit); DIR/ganesha.conf exporting
#                         EXPORT (NFSv3, TCP and UDP, root not squashed)
#                         with NFS on PORT, MOUNT on PORT+1 (NLM and
#                         RQUOTA, off, reserve PORT+2 and +3); gan_stop
#                         registered with t_atexit.
#   gan_start             start the daemon, wait (20 s at most) until NFS
#                         and MOUNT answer; GPID is its timeout wrapper.
#   gan_pid               the daemon itself (for SIGSTOP/SIGCONT).
#   gan_stop              SIGTERM, SIGKILL after 10 s; idempotent.
#   gan_t_start DIR BASE  for TAP tests: all of the above exporting
#                         GAN_EXP=DIR/export (made here) on a port from
#                         BASE, and ganesha_start passed; or not ok
#                         (ganesha's log) and false.
# Ports of the caller's own (from its pid): rpcbind may know another
# ganesha, so mounts name port= and mountport= (GAN_OPTS).
GPID=
GAN_DIR=
GAN_PORT=
GAN_OPTS=
GAN_EXP=

gan_usable() {
	if ! command -v ganesha.nfsd >/dev/null ||
	    ! command -v rpcinfo >/dev/null || ! command -v rpcbind >/dev/null
	then
		echo "nfs-ganesha (ganesha.nfsd) or rpcbind not installed"
		return 1
	fi
	if [ "$(id -u)" != 0 ]; then
		echo "needs root (to run nfs-ganesha)"
		return 1
	fi
}

gan_setup() {	# dir export port
	GAN_DIR=$1
	GAN_PORT=$3
	GAN_OPTS="port=$3,mountport=$(($3 + 1))"
	if ! rpcinfo -p 127.0.0.1 >/dev/null 2>&1; then
		rpcbind -w -f </dev/null {_t_wdfd}>&- &
		t_atexit "kill $! 2>/dev/null; wait $! 2>/dev/null"
		sleep 1
	fi
	cat >"$GAN_DIR/ganesha.conf" <<CONF
NFS_CORE_PARAM { Protocols = 3; Bind_addr = 127.0.0.1;
  NFS_Port = $3; MNT_Port = $(($3 + 1)); NLM_Port = $(($3 + 2));
  Rquota_Port = $(($3 + 3)); Enable_NLM = false; Enable_RQUOTA = false; }
NFSV4 { Graceless = true; }
EXPORT { Export_Id = 1; Path = $2; Pseudo = $2; Access_Type = RW;
  Squash = No_Root_Squash; Protocols = 3; Transports = TCP, UDP;
  SecType = sys; FSAL { Name = VFS; } }
CONF
	t_atexit gan_stop
}

gan_start() {
	local i
	timeout -k 2 3600 ganesha.nfsd -F -f "$GAN_DIR/ganesha.conf" \
	    -L "$GAN_DIR/ganesha.log" -p "$GAN_DIR/ganesha.pid" \
	    -N NIV_EVENT </dev/null 7>&- {_t_wdfd}>&- &
	GPID=$!
	for ((i = 0; i < 200; i++)); do
		rpcinfo -n "$GAN_PORT" -t 127.0.0.1 100003 3 >/dev/null 2>&1 &&
		    rpcinfo -n $((GAN_PORT + 1)) -t 127.0.0.1 100005 3 \
		    >/dev/null 2>&1 && return 0
		kill -0 "$GPID" 2>/dev/null || break
		sleep 0.1
	done
	return 1
}

gan_pid() { pgrep -P "$GPID" ganesha.nfsd; }

gan_stop() {
	local i
	[ -n "$GPID" ] || return 0
	kill -CONT "$(gan_pid)" 2>/dev/null
	kill -TERM "$GPID" 2>/dev/null
	for ((i = 0; i < 100; i++)); do
		kill -0 "$GPID" 2>/dev/null || break
		sleep 0.1
	done
	kill -KILL "$(gan_pid)" "$GPID" 2>/dev/null
	wait "$GPID" 2>/dev/null
	GPID=
}

gan_t_start() {	# dir base
	GAN_EXP=$1/export
	mkdir -p "$GAN_EXP"
	gan_setup "$1" "$GAN_EXP" $(($2 + ($$ % 2000) * 4))
	if ! gan_start; then
		t_notok ganesha_start "$(tail -n 5 "$1/ganesha.log" 2>/dev/null)"
		return 1
	fi
	t_pass ganesha_start
}
