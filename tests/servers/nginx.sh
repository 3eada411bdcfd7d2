# nginx.sh: sourced by the ingest tests after test-lib.sh. Starts a real nginx
# on a free loopback port, as the current user, with everything (config, pid,
# logs, temp folders, served files) in the trash folder:
#
#   nginx_start [ADDR...] writes nginx/nginx.conf, starts nginx listening on each
#                        ADDR (default 127.0.0.1) at one port; sets NGX_PORT, NGX_URL
#                        (of the first ADDR), NGX_WWW (the document root), NGX_LOG
#                        (the access log)
#
# The access log has one line per request:
#   MSEC "REQUEST LINE" "USER-AGENT" "IF-NONE-MATCH" "IF-MODIFIED-SINCE" STATUS BYTES REQUEST-TIME
# (MSEC is when the response ended; MSEC - REQUEST-TIME when the request began)
# Locations: / static files (ETag, Last-Modified); /robots.txt from the root,
# but 503 on the address $NGX_ROBOTS_503 if set (a host whose robots.txt is
# unreachable); /ratelimit/ 429 with
# Retry-After: 1; /ratelimit-long/ 429 with Retry-After: 3600; /unavailable/
# 503; /loop/ redirects to itself; /slow/ sends 2 KB/s; /gz/ gzip-encoded.

free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Another test running beside this one may take the free port between
# free_port and nginx's bind: then nginx cannot listen, and a new port is tried.
nginx_start() {
	_given_port=${NGX_PORT:-}
	_try=0
	while [ $_try -lt 5 ]; do
		_nginx_start_once "$@" && return 0
		[ -n "$_given_port" ] && return 1
		unset NGX_PORT
		_try=$((_try + 1))
	done
	return 1
}

_nginx_start_once() {
	[ $# -gt 0 ] || set -- 127.0.0.1
	_addr=$1
	NGX_DIR=$TRASH/nginx
	NGX_WWW=$NGX_DIR/www
	NGX_LOG=$NGX_DIR/access.log
	NGX_PORT=${NGX_PORT:-$(free_port)}
	NGX_URL=http://$_addr:$NGX_PORT
	mkdir -p "$NGX_DIR/tmp" "$NGX_WWW/slow" "$NGX_WWW/gz"
	_user=
	[ "$(id -u)" = 0 ] && _user="user $(id -un) $(id -gn);"
	_robots503=
	[ -n "${NGX_ROBOTS_503:-}" ] &&
		_robots503="location = /robots.txt { if (\$server_addr = $NGX_ROBOTS_503) { return 503; } }"
	_listen=
	for _a in "$@"; do _listen="$_listen listen $_a:$NGX_PORT;"; done
	cat >"$NGX_DIR/nginx.conf" <<NGXEOF
$_user
worker_processes 1;
pid $NGX_DIR/nginx.pid;
error_log $NGX_DIR/error.log info;
worker_rlimit_nofile 4096;
events { worker_connections 2048; }
http {
	types { text/csv csv; application/json json; text/html html; text/plain txt; }
	default_type application/octet-stream;
	log_format gw '\$msec "\$request" "\$http_user_agent" "\$http_if_none_match" "\$http_if_modified_since" \$status \$body_bytes_sent \$request_time';
	access_log $NGX_LOG gw;
	client_body_temp_path $NGX_DIR/tmp/body;
	proxy_temp_path $NGX_DIR/tmp/proxy;
	fastcgi_temp_path $NGX_DIR/tmp/fastcgi;
	uwsgi_temp_path $NGX_DIR/tmp/uwsgi;
	scgi_temp_path $NGX_DIR/tmp/scgi;
	keepalive_requests 100000;
	server {
		$_listen
		root $NGX_WWW;
		$_robots503
		location /ratelimit/ { add_header Retry-After 1 always; return 429; }
		location /ratelimit-long/ { add_header Retry-After 3600 always; return 429; }
		location /unavailable/ { return 503; }
		location /loop/ { return 302 /loop/again; }
		location /slow/ { limit_rate 2k; }
		location /gz/ { gzip on; gzip_types text/csv; gzip_min_length 0; }
	}
}
NGXEOF
	nginx -p "$NGX_DIR" -c "$NGX_DIR/nginx.conf" -e stderr || return 1
	test_cleanup 'kill $(cat "$NGX_DIR/nginx.pid") 2>/dev/null'
	_i=0
	until curl -s -o /dev/null "$NGX_URL/" 2>/dev/null; do
		_i=$((_i + 1)); [ $_i -gt 50 ] && return 1; sleep 0.1
	done
	# the probe is not part of any test; nginx logs it once the response is sent, which on a
	# loaded machine can be after curl has exited: wait for its line before emptying the log
	_i=0
	until [ -s "$NGX_LOG" ] || [ $_i -gt 100 ]; do _i=$((_i + 1)); sleep 0.02; done
	: >"$NGX_LOG"
}

# the access log lines of requests for PATH (exact request path)
ngx_requests() { grep -F "\"GET $1 HTTP" "$NGX_LOG"; }

# the gaps (ms) between the starts of successive requests whose path matches the ERE $1
ngx_gaps() {
	grep -E "\"GET $1 HTTP" "$NGX_LOG" | awk '{ t = ($1 - $NF) * 1000; if (NR > 1) printf "%d\n", t - p; p = t }'
}

# fault_start: starts tests/servers/fault.py; sets FAULT_URL and FAULT_LOG
fault_start() {
	FAULT_LOG=$TRASH/fault.log
	: >"$FAULT_LOG"
	python3 "$ROOT/tests/servers/fault.py" "$TRASH/fault.port" "$FAULT_LOG" &
	_fpid=$!
	test_cleanup "kill $_fpid 2>/dev/null"
	_i=0
	until [ -s "$TRASH/fault.port" ]; do
		_i=$((_i + 1)); [ $_i -gt 50 ] && return 1; sleep 0.1
	done
	FAULT_URL=http://127.0.0.1:$(cat "$TRASH/fault.port")
}
