# Shared by the wrk benchmarks (source it): nginx as the machine's ceiling,
# answering a fixed 202 after really reading the body (the echo module's
# `echo_read_request_body`; a bare `return 202` would discard it unread).

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# start_nginx_ceiling WORK PORT LOCATION BODY: an nginx under WORK (a
# user-writable prefix) on 127.0.0.1:PORT answering `202 BODY` at LOCATION.
# SERVER_PIN (e.g. "taskset -c 0"), when set, pins it.
start_nginx_ceiling() {
    local work=$1 port=$2 location=$3 body=$4 user_line=""
    mkdir -p "$work/logs"
    [ "$(id -u)" = 0 ] && user_line="user root root;"
    cat > "$work/nginx.conf" <<CONF
load_module /usr/lib/nginx/modules/ngx_http_echo_module.so;
$user_line
worker_processes auto;
pid $work/nginx.pid;
error_log $work/logs/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $work/body;
    proxy_temp_path $work/proxy;
    fastcgi_temp_path $work/fastcgi;
    uwsgi_temp_path $work/uwsgi;
    scgi_temp_path $work/scgi;
    client_max_body_size 1m;
    client_body_buffer_size 64k;
    keepalive_requests 1000000;
    server {
        listen 127.0.0.1:$port;
        location = $location {
            echo_status 202;
            echo_read_request_body;
            echo '$body';
        }
    }
}
CONF
    ${SERVER_PIN:-} nginx -p "$work" -c "$work/nginx.conf" -e "$work/logs/error.log"
    for _ in $(seq 50); do [ -s "$work/nginx.pid" ] && break; sleep 0.1; done
}

# stop_nginx_ceiling WORK
stop_nginx_ceiling() {
    nginx -p "$1" -c "$1/nginx.conf" -e "$1/logs/error.log" -s quit || true
}
