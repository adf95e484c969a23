/*
 * This file implements `jiewang serve DB`: flag parsing, SIGINT/SIGTERM handling, the access
 * log on stderr and the "listening on" line on stdout; the server itself is server/server.h.
 */
#include <errno.h>
#include <ctype.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "server/server.h"

/* The process's one stop flag, raised by SIGINT/SIGTERM. */
static volatile sig_atomic_t stop_flag;

static void on_signal(int sig)
{
    (void)sig;
    stop_flag = 1;
}

static void log_line(void *user, const char *line)
{
    (void)user;
    fprintf(stderr, "%s\n", line);
}

static void on_ready(void *user, const char *url, int port)
{
    (void)user;
    (void)port;
    printf("listening on %s\n", url);
    fflush(stdout);
}

static bool parse_int(const char *s, int lo, int hi, int *out)
{
    char *end = NULL;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end != '\0' || v < lo || v > hi)
        return false;
    *out = (int)v;
    return true;
}

enum {
    O_BIND = 1,
    O_PORT,
    O_THREADS,
    O_CORS,
    O_CACHE,
    O_WEB,
    O_MAPNO,
    O_TDT,
    O_TITLE,
    O_PUBLIC,
    O_QUIET,
    O_CONNS,
    O_TIMEOUT,
    O_FRAME
};

/* CSP source list: origins such as https://www.gucheng.gov.cn, 'self', separated by spaces;
 * nothing that could end the header or the directive. */
static bool is_source_list(const char *s)
{
    if (s == NULL || s[0] == '\0' || strlen(s) > 512)
        return false;
    for (; *s; s++)
        if (!(isalnum((unsigned char)*s) || strchr(":/.-_*' ", *s) != NULL))
            return false;
    return true;
}

static int parse(int argc, char **argv, srv_config *cfg, bool *quiet)
{
    static const struct option opts[] = {{"bind", required_argument, NULL, O_BIND},
                                         {"port", required_argument, NULL, O_PORT},
                                         {"threads", required_argument, NULL, O_THREADS},
                                         {"cors", required_argument, NULL, O_CORS},
                                         {"cache-mb", required_argument, NULL, O_CACHE},
                                         {"web-dir", required_argument, NULL, O_WEB},
                                         {"map-number", required_argument, NULL, O_MAPNO},
                                         {"tianditu-token", required_argument, NULL, O_TDT},
                                         {"title", required_argument, NULL, O_TITLE},
                                         {"allow-public-bind", no_argument, NULL, O_PUBLIC},
                                         {"quiet", no_argument, NULL, O_QUIET},
                                         {"connection-limit", required_argument, NULL, O_CONNS},
                                         {"timeout", required_argument, NULL, O_TIMEOUT},
                                         {"frame-ancestors", required_argument, NULL, O_FRAME},
                                         {0, 0, 0, 0}};
    int c;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        bool ok = true;
        switch (c) {
        case O_BIND:
            cfg->bind = optarg;
            break;
        case O_PORT:
            ok = parse_int(optarg, 0, 65535, &cfg->port);
            break;
        case O_THREADS:
            ok = parse_int(optarg, 1, 256, &cfg->threads);
            break;
        case O_CORS:
            cfg->cors_origin = optarg;
            break;
        case O_CACHE:
            ok = parse_int(optarg, 0, 65536, &cfg->cache_mb);
            if (ok && cfg->cache_mb == 0)
                cfg->cache_mb = -1; /* 0 on the command line: no cache */
            break;
        case O_WEB:
            cfg->web_dir = optarg;
            break;
        case O_MAPNO:
            cfg->map_number = optarg;
            break;
        case O_TDT:
            cfg->tianditu_token = optarg;
            break;
        case O_TITLE:
            cfg->title = optarg;
            break;
        case O_PUBLIC:
            cfg->allow_public_bind = true;
            break;
        case O_QUIET:
            *quiet = true;
            break;
        case O_CONNS:
            ok = parse_int(optarg, 1, 100000, &cfg->connection_limit);
            break;
        case O_TIMEOUT:
            ok = parse_int(optarg, 1, 3600, &cfg->timeout_s);
            break;
        case O_FRAME:
            if (!is_source_list(optarg))
                return cli_usage("serve", "--frame-ancestors needs origins such as "
                                          "https://portal.example.gov.cn, got '%s'", optarg);
            cfg->frame_ancestors = optarg;
            break;
        default:
            return cli_usage("serve", "unknown option '%s'", argv[optind - 1]);
        }
        if (!ok)
            return cli_usage("serve", "bad value '%s' for %s", optarg, argv[optind - 2]);
    }
    if (optind != argc - 1)
        return cli_usage("serve", "expected one database path");
    cfg->db_path = argv[optind];
    return CLI_OK;
}

static int run(int argc, char **argv)
{
    srv_config cfg = {.port = 8080, .web_dir = cli_web_dir()};
    bool quiet = false;
    int rc = parse(argc, argv, &cfg, &quiet);
    if (rc != CLI_OK)
        return rc;
    if (!quiet)
        cfg.access_log = log_line;
    cfg.on_ready = on_ready;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    gis_error err = {0};
    if (srv_server_run(&cfg, &stop_flag, &err) != GIS_OK)
        return cli_fail("serve", &err);
    fprintf(stderr, "stopped\n");
    return CLI_OK;
}

const cli_command CLI_CMD_SERVE = {
    "serve", run, "serve OGC API - Features, vector tiles and the web map over HTTP",
    "Usage: jiewang serve DB [options]\n\n"
    "Serves the store read-only over HTTP until Ctrl-C (SIGINT) or SIGTERM:\n"
    "  /                    OGC API - Features landing page (JSON; HTML with ?f=html)\n"
    "  /collections/{id}/items  GeoJSON features: bbox, bbox-crs, crs, limit, offset, filters\n"
    "  /tiles/{name}/{z}/{x}/{y}.mvt, /tiles/{name}.json   vector tiles and TileJSON\n"
    "  /map                 the web map; /healthz, /metrics\n\n"
    "Options:\n"
    "  --bind ADDR          listen address (default 127.0.0.1)\n"
    "  --port N             TCP port (default 8080; 0 picks a free port)\n"
    "  --threads N          worker threads (default: number of cores)\n"
    "  --cors ORIGIN        send Access-Control-Allow-Origin: ORIGIN\n"
    "  --frame-ancestors S  let these origins embed /map in an iframe (CSP frame-ancestors),\n"
    "                       e.g. 'https://www.gucheng.gov.cn'; default: no framing\n"
    "  --cache-mb N         tile cache size in MiB (default 256; 0: no cache)\n"
    "  --web-dir DIR        web map folder (default: the source tree's web/)\n"
    "  --map-number TEXT    审图号 shown on the web map\n"
    "  --tianditu-token KEY Tianditu key for the base map\n"
    "  --title TEXT         web map title\n"
    "  --allow-public-bind  allow a non-loopback --bind such as 0.0.0.0\n"
    "  --connection-limit N simultaneous connections (default 1024)\n"
    "  --timeout S          idle connection timeout in seconds (default 15)\n"
    "  --quiet              no access log\n\n"
    "Prints \"listening on http://127.0.0.1:PORT/\" on stdout once ready, one access log line per\n"
    "request on stderr. The graves collection needs a token: see `jiewang token`.\n\n"
    "Example: jiewang serve gucheng.sqlite --port 8080 --map-number 鄂S(2024)001号\n"};
