/*
 * This file declares the HTML pages of the OGC API (conformance class html): one generic
 * renderer for landing page, conformance, collections, a collection, feature collections and
 * features, from the same JSON documents the JSON replies carry. Every value is escaped.
 */
#ifndef SRV_HTML_H
#define SRV_HTML_H

#include <jansson.h>

#include "server/req.h"

/** Replies 200 with an HTML page titled title (UTF-8) showing doc (borrowed). */
void srv_html_reply(srv_req *req, const char *title, const json_t *doc);

#endif
